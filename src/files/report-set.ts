/**
 * The files of one report set, written into a staging folder (report-folder.ts decides where, and
 * renames it into place). JSON is streamed, never held whole; a value one file holds whole and
 * another holds as a member (compliance-report.json in manifest.json) is encoded once, into both.
 */
import { constants, mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ReportWriteError } from '../errors.js';
import { INDENT_LIMIT, toJson } from '../report/json.js';
import { jsonChunks } from '../report/json-stream.js';
import type { ReportFile } from '../report/files.js';

/** Where a value's compact JSON already is: a file of this set that holds it whole, and its length. */
interface WrittenJson {
  file: string;
  bytes: number;
}

/**
 * A file whose value another file of the set holds as a member (compliance-report.json inside
 * manifest.json). Its holder writes it where it is held: encoded once, its bytes going into both
 * files at once, where they used to be written, then read back and copied.
 */
interface HeldFile {
  held: ReportFile & { content: { json: object } };
}

type Piece = WrittenJson | HeldFile;

/** The set's files, each value serialised once: a value another file holds is written into both at once. */
export async function writeFiles(staging: string, files: readonly ReportFile[]): Promise<void> {
  const pieces = new Map<object, Piece>();
  const held = files.filter((file) => {
    const value = jsonOf(file);
    return value !== undefined && files.some((other) => other !== file && holdsMember(jsonOf(other), value));
  });
  for (const file of held) pieces.set(jsonOf(file)!, { held: file as HeldFile['held'] });
  const done = new Set<ReportFile>();
  // Held files last: their holder writes them, and one it did not reach is written on its own.
  for (const file of [...files.filter((file) => !held.includes(file)), ...held]) {
    if (done.has(file)) continue;
    await writeNewFile(staging, file, { staging, pieces, done });
    done.add(file);
  }
}

function jsonOf(file: ReportFile): object | undefined {
  const content = file.content;
  return typeof content === 'object' && 'json' in content && typeof content.json === 'object' && content.json !== null ? content.json : undefined;
}

function holdsMember(holder: object | undefined, value: object): boolean {
  return holder !== undefined && !Array.isArray(holder) && Object.values(holder).includes(value);
}

interface SetState {
  staging: string;
  pieces: Map<object, Piece>;
  done: Set<ReportFile>;
}

/**
 * A new file in the staging folder. No fsync: the rename of the whole folder is what makes the
 * set appear at once, and a runner that loses power loses the job with it.
 */
async function writeNewFile(staging: string, file: ReportFile, set: SetState, holder?: JsonFileWriter): Promise<void> {
  const segments = file.path.split('/');
  if (segments.length > 2 || segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new ReportWriteError(`'${file.path}' is not a report file path`);
  }
  if (segments.length === 2) await mkdir(path.join(staging, segments[0]!), { recursive: true });
  const target = path.join(staging, ...segments);
  const handle = await open(target, 'wx', 0o644);
  try {
    if (typeof file.content === 'string') {
      await handle.writeFile(file.content, 'utf8');
      return;
    }
    const json = 'build' in file.content ? file.content.build() : file.content.json;
    const compactBytes = await writeJson(handle, json, set, holder);
    // Only compact text can be spliced into another file's compact text.
    if (compactBytes !== undefined && typeof json === 'object' && json !== null) set.pieces.set(json, { file: target, bytes: compactBytes });
  } finally {
    await handle.close();
  }
}

/** How much compact JSON is gathered before a write: large enough that writes stay few. */
const WRITE_CHUNK = 1024 * 1024;
/** Room for INDENT_LIMIT characters at three UTF-8 bytes each, before it is known whether to indent. */
const BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * One JSON file's compact text, gathered in a reused buffer and written in pieces of about
 * `WRITE_CHUNK` bytes once it is known to be large (over INDENT_LIMIT characters); until then it
 * is only gathered, since a small document is written indented instead. Never joined into a
 * large string: a string of a megabyte lives in V8's large-object space until a full
 * collection, and 300 MB of them doubled the peak memory. A `holder` gets every compact byte too.
 *
 * A piece is written while the next is gathered, into a second buffer: waiting for each write
 * left the main thread idle for a third of the time it spent writing a large report.
 */
class JsonFileWriter {
  private buffer: Buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  /** The buffer a piece is being written from, or was: free again once `writing` has settled. */
  private spare: Buffer | undefined;
  private writing: Promise<void> | undefined;
  private used = 0;
  /** Characters of compact JSON so far, and how many of them the holder has had. */
  private characters = 0;
  private charactersGiven = 0;
  /** Bytes written to the file so far. */
  private bytes = 0;
  private streaming = false;

  constructor(
    private readonly handle: FileHandle,
    private readonly holder?: JsonFileWriter,
  ) {}

  /** Gathers `chunk`; a promise only when a piece had to be handed on (most chunks are only copied). */
  text(chunk: string): Promise<void> | undefined {
    this.count(chunk.length);
    // Only when streaming: below INDENT_LIMIT characters everything fits.
    if (this.used + chunk.length * 3 > this.buffer.length) return this.textAfterFlush(chunk);
    this.used += this.buffer.write(chunk, this.used, 'utf8');
    return this.streaming && this.used >= WRITE_CHUNK ? this.flush() : undefined;
  }

  private async textAfterFlush(chunk: string): Promise<void> {
    await this.flush();
    if (chunk.length * 3 > this.buffer.length) {
      const encoded = Buffer.from(chunk, 'utf8');
      await this.settle();
      await this.put(encoded, encoded.length);
      return;
    }
    this.used += this.buffer.write(chunk, this.used, 'utf8');
    if (this.streaming && this.used >= WRITE_CHUNK) await this.flush();
  }

  /** Compact bytes of a held file (`characters` of text), in order after everything so far. */
  async held(bytes: Buffer, length: number, characters: number): Promise<void> {
    this.count(characters);
    if (!this.streaming) {
      // Held text below INDENT_LIMIT characters, with this file's: it fits, as any text does.
      this.used += bytes.copy(this.buffer, this.used, 0, length);
      return;
    }
    // Written before this returns: `bytes` is the held file's buffer, which it reuses.
    await this.flush();
    await this.settle();
    await this.put(bytes, length);
  }

  /**
   * Starts writing what is gathered to the file (and the holder), from the first piece of a large
   * document on, and gathers on into the other buffer once the piece before is written.
   */
  async flush(): Promise<void> {
    if (this.used === 0) return;
    await this.settle();
    const full = this.buffer;
    this.buffer = this.spare ?? Buffer.allocUnsafe(BUFFER_BYTES);
    this.spare = full;
    const writing = this.put(full, this.used);
    this.used = 0;
    // Awaited by the next flush, or by settle(); a failure found in between is not unhandled.
    writing.catch(() => undefined);
    this.writing = writing;
  }

  /** Waits for the piece being written, and fails as it did. */
  private async settle(): Promise<void> {
    const writing = this.writing;
    this.writing = undefined;
    await writing;
  }

  /** Appends the first `bytes` of a file written earlier in this set. */
  async copy(from: WrittenJson): Promise<void> {
    if (this.holder !== undefined) throw new ReportWriteError(`a held report file cannot itself hold '${path.basename(from.file)}'`);
    this.count(from.bytes);
    await this.flush();
    await this.settle();
    this.bytes += await copyBytes(from, this.handle);
  }

  /** The end of the file: its compact text's bytes, or undefined when it was written indented. */
  async finish(value: unknown): Promise<number | undefined> {
    if (!this.streaming) {
      // Small enough to be indented in its own file; the holder gets the compact text gathered.
      if (this.holder !== undefined) await this.holder.held(this.buffer, this.used, this.characters);
      await this.handle.writeFile(toJson(value), 'utf8');
      return undefined;
    }
    await this.flush();
    await this.settle();
    await this.handle.write('\n');
    return this.bytes;
  }

  private count(characters: number): void {
    this.characters += characters;
    if (!this.streaming && this.characters > INDENT_LIMIT) this.streaming = true;
  }

  /** `bytes` to the file, and to the holder with every character counted since its last piece. */
  private async put(bytes: Buffer, length: number): Promise<void> {
    if (this.holder === undefined) await writeAll(this.handle, bytes, length);
    else {
      const characters = this.characters - this.charactersGiven;
      this.charactersGiven = this.characters;
      // Both files' writes at once: each goes to the thread pool.
      await Promise.all([writeAll(this.handle, bytes, length), this.holder.held(bytes, length, characters)]);
    }
    this.bytes += length;
  }
}

/**
 * Writes `value` as `toJson` would, without building its whole text: small documents indented,
 * large ones compact and streamed. A value held by another file is copied from it when written
 * already, and otherwise written here and into its own file at once. Returns the bytes of the
 * compact JSON when that is what it wrote.
 */
async function writeJson(handle: FileHandle, value: unknown, set: SetState, holder?: JsonFileWriter): Promise<number | undefined> {
  const writer = new JsonFileWriter(handle, holder);
  // A held file's own text holds no other file's (it would need a holder of two levels).
  for (const chunk of jsonChunks(value, holder === undefined ? set.pieces : new Map<object, Piece>())) {
    if (typeof chunk === 'string') {
      // Awaited only when it wrote: an await per chunk was a microtask for each of 300,000.
      const writing = writer.text(chunk);
      if (writing !== undefined) await writing;
    } else if ('file' in chunk.known) await writer.copy(chunk.known);
    else if (set.done.has(chunk.known.held)) {
      // Written already, indented (so not spliceable): its text is encoded again here.
      for (const text of jsonChunks(chunk.known.held.content.json)) if (typeof text === 'string') await writer.text(text);
    } else {
      await writeNewFile(set.staging, chunk.known.held, set, writer);
      set.done.add(chunk.known.held);
    }
  }
  return writer.finish(value);
}

/** All of `buffer`'s first `length` bytes: a write may take fewer than it was given. */
async function writeAll(handle: FileHandle, buffer: Buffer, length: number): Promise<void> {
  let offset = 0;
  while (offset < length) offset += (await handle.write(buffer, offset, length - offset)).bytesWritten;
}

/** Appends the first `bytes` of a file written earlier in this set. */
async function copyBytes(from: WrittenJson, to: FileHandle): Promise<number> {
  // Never through a symlink put in its place since it was written: only our own bytes are copied.
  const source = await open(from.file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const buffer = Buffer.allocUnsafe(Math.min(WRITE_CHUNK, from.bytes));
    let copied = 0;
    while (copied < from.bytes) {
      const { bytesRead } = await source.read(buffer, 0, Math.min(buffer.length, from.bytes - copied), copied);
      if (bytesRead === 0) throw new ReportWriteError(`'${path.basename(from.file)}' ended early while it was copied into another report file`);
      await writeAll(to, buffer, bytesRead);
      copied += bytesRead;
    }
    return copied;
  } finally {
    await source.close();
  }
}
