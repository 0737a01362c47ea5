import type { ObjectStore } from "../destinations/object-store.js";

/**
 * How one kind of state document is read and written: `parse` turns the stored text into the
 * document (undefined for a missing or unreadable one, which the source then rebuilds), `render`
 * turns it back into text.
 */
export interface StateCodec<T> {
  parse(text: string | undefined): T | undefined;
  render(state: T): string;
}

/**
 * Reads a state document, lets `change` derive the next one from it, and writes that back; a
 * `change` that returns undefined writes nothing. This is the one way a source changes its state,
 * so that making the write conditional on what was read (and calling `change` again on a
 * conflict) changes every source at once: `change` must therefore be a pure function of what it
 * is given. Returns the document as it now stands.
 */
export async function updateState<T>(
  store: ObjectStore,
  key: string,
  codec: StateCodec<T>,
  change: (current: T | undefined) => T | undefined,
): Promise<T | undefined> {
  const current = codec.parse(await store.readState(key));
  const next = change(current);
  if (next === undefined) return current;
  await store.writeState(key, codec.render(next));
  return next;
}

/** Reads a state document through its codec; undefined when there is none or it is unreadable. */
export async function readState<T>(
  store: ObjectStore,
  key: string,
  codec: StateCodec<T>,
): Promise<T | undefined> {
  return codec.parse(await store.readState(key));
}
