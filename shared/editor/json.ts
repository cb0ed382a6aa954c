/** ProseMirror JSON, as read from Yjs by the server and written by `node.toJSON()`. */
export interface PmMarkJson {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface PmJson {
  type: string;
  attrs?: Record<string, unknown>;
  marks?: PmMarkJson[];
  text?: string;
  content?: PmJson[];
}
