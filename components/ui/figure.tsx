import { Fragment } from 'react';

/**
 * A grouped figure (¥92,233,720,368,547,758.07, 18,014,398,509,481,984) that may break after a
 * group separator when its box is too narrow for it, and nowhere else: a figure of any length
 * wraps inside its box instead of running into the next one. `<wbr>` adds no character, so the
 * figure reads, copies and tests as it is.
 */
export function Figure({ text }: { text: string }) {
  const groups = text.split(/(?<=,)/);
  return (
    <>
      {groups.map((group, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {group}
        </Fragment>
      ))}
    </>
  );
}
