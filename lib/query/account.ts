/** Paths of the user's own API keys, built here only. */
export const apiKeysApiPath = '/api/account/api-keys';
export const apiKeyApiPath = (id: string) => `${apiKeysApiPath}/${encodeURIComponent(id)}`;
