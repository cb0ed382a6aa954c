/**
 * The loaded rooms, one per section draft, and the command path into them: the
 * `DocumentCommands` port the services are given. The websocket endpoint (CollabServer)
 * hands its connections to `join`; the services run decisions, restores and reads through
 * `command`. Built before the services, so the wiring runs one way (main.ts).
 */
import type { Schema } from '@tiptap/pm/model';
import { getEditorSchema } from '../../shared/editor/extensions.js';
import type { Logger } from '../logger.js';
import type { DocStore, EditAuthor } from '../db/docStore.js';
import type { Connection } from './Connection.js';
import { Room, type Command } from './Room.js';
import { NO_HOOKS, type CollabHooks } from './hooks.js';

export interface RoomRegistryOptions {
  store: DocStore;
  logger: Logger;
  schema?: Schema;
  hooks?: CollabHooks;
  /** Commit every message queued in a room in one transaction (default); false commits one at a time (benchmarks). */
  groupCommit?: boolean;
}

/** What the services need of the rooms: a command on a document, as one unit of work (Room.command). */
export interface DocumentCommands {
  command<T>(docName: string, author: EditAuthor | null, run: Command<T>): Promise<T>;
}

/** Every loaded room. */
export class RoomRegistry implements DocumentCommands {
  private readonly rooms = new Map<string, Room>();
  private readonly store: DocStore;
  private readonly logger: Logger;
  private readonly schema: Schema;
  private readonly hooks: CollabHooks;
  private readonly groupCommit: boolean;

  constructor(options: RoomRegistryOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.schema = options.schema ?? getEditorSchema();
    this.hooks = options.hooks ?? NO_HOOKS;
    this.groupCommit = options.groupCommit ?? true;
  }

  /** Adds a connection to its document's room (loading the room if needed). */
  join(conn: Connection): void {
    this.roomFor(conn.docName).join(conn);
  }

  /** The loaded room of a document, loading it once however many connections ask. */
  private roomFor(docName: string): Room {
    let room = this.rooms.get(docName);
    if (!room || room.closed) {
      room = new Room({
        docName,
        store: this.store,
        schema: this.schema,
        logger: this.logger,
        hooks: this.hooks,
        groupCommit: this.groupCommit,
        onIdle: (idle) => {
          if (this.rooms.get(docName) === idle && idle.connections.size === 0) {
            this.rooms.delete(docName);
            idle.destroy();
          }
        },
      });
      const loading = room;
      room.loaded.catch((error: unknown) => {
        this.logger.warn({ err: error, doc: docName }, 'room failed to load');
        if (this.rooms.get(docName) === loading) this.rooms.delete(docName);
        loading.destroy();
      });
      this.rooms.set(docName, room);
    }
    return room;
  }

  /**
   * Runs a server command on a document (loading it if needed), serialised with every
   * client's updates, as one unit of work with the rows it writes (Room.command).
   */
  async command<T>(docName: string, author: EditAuthor | null, run: Command<T>): Promise<T> {
    // A room can be unloaded while this waits for it to load: then take the next one.
    for (;;) {
      const room = this.roomFor(docName);
      await room.loaded;
      if (!room.closed) return room.command(author, run);
    }
  }

  /** Resolves once everything received for a document is handled and committed. */
  async settled(docName: string): Promise<void> {
    await this.rooms.get(docName)?.settled();
  }

  /** Whether a document is loaded in memory (for tests and diagnostics). */
  isLoaded(docName: string): boolean {
    return this.rooms.has(docName);
  }

  /** Loaded rooms. */
  get size(): number {
    return this.rooms.size;
  }

  /** Commits everything received, closes every room's connections, and unloads the rooms. */
  async close(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((room) => room.close()));
    for (const room of this.rooms.values()) room.destroy();
    this.rooms.clear();
  }
}
