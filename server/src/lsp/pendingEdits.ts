import { stagedPieceLength, type PreparedText, type TextChange, type TextSnapshot, type Workspace } from '../engine';

/** How long one turn of preparing a large document may hold the server, and how many lexemes go between clock reads. */
const sliceMs = 20;
const lexemesPerClockRead = 500;

/**
 * Three turns of the event loop: the connection takes a queued message on the next turn, and writes a handler's
 * answer on a turn of its own after that. A request that came in meanwhile is answered before what follows.
 */
export async function letQueuedRequestsAnswer(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * What changed since `known` (or since `before`, when nothing was known) once [start, end) of `before` becomes
 * `inserted` characters: the span known so far, moved into the text after this edit, joined with what it inserted.
 */
export function joinedChange(known: TextChange | undefined, before: TextSnapshot, start: number, end: number, inserted: number): TextChange {
  if (!known) return { base: before, start, end: start + inserted };
  const moved = (offset: number) => (offset <= start ? offset : offset >= end ? offset + inserted - (end - start) : start + inserted);
  return { base: known.base, start: Math.min(known.start, start), end: Math.max(moved(known.end), start + inserted) };
}

interface LargeEdit {
  prepared: PreparedText;
  /** Requests about the document waiting for it. */
  waiters: (() => void)[];
}

/**
 * Open documents' edits on their way into the workspace. A small document's edit is taken on the next turn, or before
 * a request reads the workspace: a burst of keystrokes is analysed once. A large document's (100,000 keys in one)
 * is parsed a slice at a time (Workspace.prepare), so no turn holds the server for long: requests about that document
 * wait for it, requests about other files read the workspace as it is and are refreshed when it is ready.
 */
export class PendingEdits {
  /** Edited documents analysed at once when taken (most: a file of many small documents too). */
  private readonly small = new Set<string>();
  private readonly large = new Map<string, LargeEdit>();
  /** Where each document's text changed since the workspace last took it: only that part is split again. */
  private readonly changes = new Map<string, TextChange>();
  private takingSmall: NodeJS.Immediate | undefined;
  private preparing = false;

  /**
   * `textOf`: an open document's text, undefined when it is closed or promagent does not read it; `ready`: called
   * when a large document's edits are in the workspace.
   */
  constructor(
    private readonly workspace: Workspace,
    private readonly textOf: (uri: string) => TextSnapshot | undefined,
    private readonly ready: (uri: string) => void,
  ) {}

  /**
   * An edit of an open document, before it is applied: [start, end) of `before` becomes `inserted` characters. Edits
   * until the workspace takes the text add up to one changed span.
   */
  changing(uri: string, before: TextSnapshot, start: number, end: number, inserted: number): void {
    this.changes.set(uri, joinedChange(this.changes.get(uri), before, start, end, inserted));
  }

  /** An open document was opened or changed. */
  edited(uri: string, text: TextSnapshot): void {
    const prepared = text.length >= stagedPieceLength ? this.workspace.prepare(uri, text, this.changes.get(uri)) : undefined;
    if (prepared) {
      this.small.delete(uri);
      this.large.set(uri, { prepared, waiters: this.large.get(uri)?.waiters ?? [] });
      if (!this.preparing) void this.prepareLarge();
    } else {
      this.release(uri);
      this.small.add(uri);
      this.takingSmall ??= setImmediate(() => this.takeSmall());
    }
  }

  /** An open document was closed: what was pending for it is dropped. */
  forget(uri: string): void {
    this.small.delete(uri);
    this.changes.delete(uri);
    this.release(uri);
  }

  /** Gives the workspace the text of every small edited document now; whether there was any. */
  takeSmall(): boolean {
    clearImmediate(this.takingSmall);
    this.takingSmall = undefined;
    const took = this.small.size > 0;
    for (const uri of this.small) {
      const text = this.textOf(uri);
      if (text !== undefined) this.workspace.set(uri, text, this.taken(uri));
    }
    this.small.clear();
    return took;
  }

  /** Settles when the document's large edit, if one is being prepared, is in the workspace (or was dropped). */
  settled(uri: string): Promise<void> {
    const edit = this.large.get(uri);
    return edit ? new Promise((resolve) => edit.waiters.push(resolve)) : Promise.resolve();
  }

  /** Where the document changed since the workspace took its text; from now on, the workspace has taken it. */
  private taken(uri: string): TextChange | undefined {
    const change = this.changes.get(uri);
    this.changes.delete(uri);
    return change;
  }

  /** Stops preparing a document's large edit; whoever waited for it reads the workspace as it is. */
  private release(uri: string): void {
    const edit = this.large.get(uri);
    if (!edit) return;
    this.large.delete(uri);
    for (const resolve of edit.waiters) resolve();
  }

  /** One slice of one document per turn, until every large edit is in the workspace. */
  private async prepareLarge(): Promise<void> {
    this.preparing = true;
    try {
      for (let next = this.large.entries().next(); !next.done; next = this.large.entries().next()) {
        const [uri, edit] = next.value;
        const deadline = performance.now() + sliceMs;
        let done = edit.prepared.advance(lexemesPerClockRead);
        while (!done && performance.now() < deadline) done = edit.prepared.advance(lexemesPerClockRead);
        if (done) {
          this.large.delete(uri);
          const text = this.textOf(uri);
          // Only composing is left: the parse was done in the slices.
          if (text === edit.prepared.text) this.workspace.set(uri, text, this.taken(uri));
          for (const resolve of edit.waiters) resolve();
          this.ready(uri);
        }
        await letQueuedRequestsAnswer();
      }
    } finally {
      this.preparing = false;
    }
  }
}
