/**
 * Uploaded images: raw PNG, JPEG, GIF or WebP bytes whose magic bytes match the declared
 * type (SVG and everything else refused), stored as `<dataDir>/media/<id>.<ext>`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database.js';
import { ALLOWED_IMAGE_TYPES, LIMITS, type AllowedImageType } from '../../shared/limits.js';
import { createId } from './ids.js';
import { fail, succeed, type Result } from './result.js';
import type { AuditService } from './audit.js';

/** File extension of each allowed type. */
export const IMAGE_EXTENSIONS = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' } as const satisfies Record<
  AllowedImageType,
  string
>;

/** A stored image file, ready to serve. */
export interface StoredImage {
  id: string;
  workspaceId: string;
  mime: AllowedImageType;
  filePath: string;
  bytes: number;
}

export interface ImageService {
  /** Stores an upload; answers its public path (`/media/<id>.<ext>`). */
  upload(input: { actorId: string; workspaceId: string; mime: string; data: Buffer }): Result<{ src: string; id: string }>;
  /**
   * Stores images that arrive with an import: the files are written now, the rows by
   * `writeRows` inside the import's transaction; `discard` removes the files when the
   * transaction fails, so nothing is left behind.
   */
  stageImport(images: readonly { fileName: string; mime: AllowedImageType; data: Buffer }[]): { writeRows(actorId: string, workspaceId: string): void; discard(): void };
  /** The stored file behind a `/media/<file name>`, or null. */
  find(fileName: string): StoredImage | null;
}

/** Whether the bytes start like a file of this type. */
export function matchesImageType(mime: AllowedImageType, data: Buffer): boolean {
  const starts = (bytes: number[], offset = 0) => bytes.every((byte, index) => data[offset + index] === byte);
  switch (mime) {
    case 'image/png':
      return starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg':
      return starts([0xff, 0xd8, 0xff]);
    case 'image/gif':
      return data.subarray(0, 6).toString('latin1') === 'GIF87a' || data.subarray(0, 6).toString('latin1') === 'GIF89a';
    case 'image/webp':
      return data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP';
  }
}

/** Checks an image the way uploads are checked: an allowed type (never SVG), its magic bytes, its size. */
export function checkImage(mime: string, data: Buffer): Result<AllowedImageType> {
  if (!isAllowedType(mime)) return fail('unsupported_media_type', `Images must be ${ALLOWED_IMAGE_TYPES.join(', ')}`, 'content-type');
  if (data.length > LIMITS.maxImageBytes) return fail('payload_too_large', `Images are at most ${LIMITS.maxImageBytes} bytes`);
  if (data.length === 0) return fail('validation_failed', 'The image is empty', 'body');
  if (!matchesImageType(mime, data)) return fail('validation_failed', `The file is not a ${mime} image`, 'body');
  return succeed(mime);
}

function isAllowedType(mime: string): mime is AllowedImageType {
  return (ALLOWED_IMAGE_TYPES as readonly string[]).includes(mime);
}

/** Creates the image service; files live under `<dataDir>/media`. */
export function createImageService(db: Db, deps: { dataDir: string; audit: AuditService }): ImageService {
  const mediaDir = path.join(deps.dataDir, 'media');
  const insert = db.prepare('INSERT INTO images (id, workspace_id, file_name, mime, bytes, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const byFileName = db.prepare('SELECT id, workspace_id, mime, bytes, file_name FROM images WHERE file_name = ?');
  return {
    upload({ actorId, workspaceId, mime, data }) {
      if (!isAllowedType(mime)) return fail('unsupported_media_type', `Images must be ${ALLOWED_IMAGE_TYPES.join(', ')}`, 'content-type');
      if (data.length > LIMITS.maxImageBytes) return fail('payload_too_large', `Images are at most ${LIMITS.maxImageBytes} bytes`);
      if (data.length === 0) return fail('validation_failed', 'The image is empty', 'body');
      if (!matchesImageType(mime, data)) return fail('validation_failed', `The file is not a ${mime} image`, 'body');
      const id = createId();
      const fileName = `${id}.${IMAGE_EXTENSIONS[mime]}`;
      fs.mkdirSync(mediaDir, { recursive: true });
      const filePath = path.join(mediaDir, fileName);
      fs.writeFileSync(filePath, data, { flag: 'wx' });
      try {
        db.transaction(() => {
          insert.run(id, workspaceId, fileName, mime, data.length, actorId, Date.now());
          deps.audit.record({ actorId, action: 'image.upload', workspaceId, target: fileName, details: { mime, bytes: data.length } });
        })();
      } catch (error) {
        fs.rmSync(filePath, { force: true });
        throw error;
      }
      return succeed({ id, src: `/media/${fileName}` });
    },
    stageImport(images) {
      fs.mkdirSync(mediaDir, { recursive: true });
      const written: string[] = [];
      const discard = () => written.forEach((file) => fs.rmSync(file, { force: true }));
      try {
        for (const image of images) {
          const filePath = path.join(mediaDir, image.fileName);
          fs.writeFileSync(filePath, image.data, { flag: 'wx' });
          written.push(filePath);
        }
      } catch (error) {
        discard();
        throw error;
      }
      return {
        writeRows(actorId, workspaceId) {
          const now = Date.now();
          for (const image of images) insert.run(image.fileName.replace(/\.[a-z]+$/, ''), workspaceId, image.fileName, image.mime, image.data.length, actorId, now);
        },
        discard,
      };
    },
    find(fileName) {
      if (!/^[A-Za-z0-9_-]{8,64}\.(png|jpg|gif|webp)$/.test(fileName)) return null;
      const row = byFileName.get(fileName) as { id: string; workspace_id: string; mime: AllowedImageType; bytes: number; file_name: string } | undefined;
      if (!row) return null;
      return { id: row.id, workspaceId: row.workspace_id, mime: row.mime, bytes: row.bytes, filePath: path.join(mediaDir, row.file_name) };
    },
  };
}
