/** Organisations: the trust and its partner associations (managed by site administrators). */
import type { Db } from '../db/database.js';
import type { CreateOrganisationRequest, Organisation } from '../../shared/api.js';
import type { AuditService } from './audit.js';
import { createId } from './ids.js';
import { fail, succeed, type Result } from './result.js';

export interface OrganisationService {
  /** Every organisation, by name. */
  list(): Organisation[];
  /** One organisation, or null. */
  findById(id: string): Organisation | null;
  /** Creates an organisation (conflict when the name is taken). */
  create(actorId: string, input: CreateOrganisationRequest): Result<Organisation>;
  /** Renames an organisation (people and their work keep pointing to it). */
  rename(actorId: string, id: string, name: string): Result<Organisation>;
}

/** Creates the organisation service. */
export function createOrganisationService(db: Db, deps: { audit: AuditService }): OrganisationService {
  const all = db.prepare('SELECT id, name, kind FROM organisations ORDER BY name COLLATE NOCASE');
  const byId = db.prepare('SELECT id, name, kind FROM organisations WHERE id = ?');
  const byName = db.prepare('SELECT id FROM organisations WHERE name = ? COLLATE NOCASE');
  const insert = db.prepare('INSERT INTO organisations (id, name, kind, created_at) VALUES (?, ?, ?, ?)');
  const updateName = db.prepare('UPDATE organisations SET name = ? WHERE id = ?');

  const service: OrganisationService = {
    list() {
      return all.all() as Organisation[];
    },
    findById(id) {
      return (byId.get(id) as Organisation | undefined) ?? null;
    },
    create(actorId, input) {
      const name = input.name.trim();
      if (byName.get(name)) return fail('conflict', 'An organisation with this name exists', 'name');
      const id = createId();
      db.transaction(() => {
        insert.run(id, name, input.kind, Date.now());
        deps.audit.record({ actorId, action: 'organisation.create', target: id, details: { name, kind: input.kind } });
      })();
      return succeed(service.findById(id)!);
    },
    rename(actorId, id, rawName) {
      const name = rawName.trim();
      const existing = service.findById(id);
      if (!existing) return fail('not_found', 'No such organisation');
      const clash = byName.get(name) as { id: string } | undefined;
      if (clash && clash.id !== id) return fail('conflict', 'An organisation with this name exists', 'name');
      db.transaction(() => {
        updateName.run(name, id);
        deps.audit.record({ actorId, action: 'organisation.rename', target: id, details: { from: existing.name, to: name } });
      })();
      return succeed(service.findById(id)!);
    },
  };
  return service;
}
