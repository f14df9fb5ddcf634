/** The `shop` field of a GET form: every shop by name, and a first option for all of them. */
export function ShopSelect({ shops, value, anyLabel, className, testId }: { shops: ReadonlyArray<{ id: string; name: string }>; value: string | null | undefined; anyLabel: string; className: string; testId?: string }) {
  return (
    <select name="shop" defaultValue={value ?? ''} className={className} data-testid={testId}>
      <option value="">{anyLabel}</option>
      {shops.map((shop) => (
        <option key={shop.id} value={shop.id}>
          {shop.name}
        </option>
      ))}
    </select>
  );
}
