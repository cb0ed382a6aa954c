/**
 * [A2][A5] The permission matrix against DESIGN.md's roles, written out by hand (issue 22):
 * what each role may do, the readers-may-comment setting, who is nobody, which capability
 * each role's connection gets and which capabilities write. The integration tables
 * (permissionTable.http / .ws) check the same rules through the running server; this one
 * answers in milliseconds, so the mutation run can use it.
 */
import { describe, expect, it } from 'vitest';
import { ACTIONS, can, capabilityFor, fourEyesByDefault, mayInviteAs, mayWrite, ROLES, type Action, type Role } from '../../shared/permissions.js';

const STAFF: Action[] = [
  'workspace.read', 'members.read', 'members.invite', 'section.read', 'section.create', 'section.import', 'section.update', 'section.archive',
  'draft.edit', 'draft.suggest', 'draft.comment', 'suggestion.decide', 'comment.moderate',
  'revision.request', 'revision.approve', 'revision.restore', 'release.manage', 'image.upload', 'activity.read',
  'translation.manage',
];
/** DESIGN.md, "People and roles": admin = staff + members, roles, settings (and the audit log). */
const MAY: Record<Role, Action[]> = {
  admin: [...STAFF, 'workspace.settings', 'members.manage', 'audit.read'],
  staff: STAFF,
  // Partners see their own activity (the route narrows it to them).
  partner: ['workspace.read', 'section.read', 'draft.suggest', 'draft.comment', 'activity.read'],
  reader: ['workspace.read', 'section.read'],
};

describe('[A5] the permission matrix, by hand', () => {
  it('[A5] knows the four roles and every action', () => {
    expect([...ROLES]).toEqual(['admin', 'staff', 'partner', 'reader']);
    expect(new Set(ACTIONS).size).toBe(23);
  });

  for (const readersMayComment of [false, true]) {
    it(`[A5] each role may do exactly its actions (readers may comment: ${readersMayComment})`, () => {
      const differences: string[] = [];
      for (const role of ROLES) {
        for (const action of ACTIONS) {
          const want = MAY[role].includes(action) || (role === 'reader' && action === 'draft.comment' && readersMayComment);
          if (can(role, action, { readersMayComment }) !== want) differences.push(`${role} ${action}: expected ${want}`);
        }
      }
      expect(differences).toEqual([]);
    });
  }

  it('[A5] without a workspace policy, readers do not comment; nobody (no role) may do anything', () => {
    expect(can('reader', 'draft.comment')).toBe(false);
    expect(can('partner', 'draft.comment')).toBe(true);
    for (const action of ACTIONS) expect(can(null, action, { readersMayComment: true }), action).toBe(false);
  });
});

describe('[A5] invitations (CONTRACT.md, "Invitations")', () => {
  it('[A5] staff invite partners and readers; only admins invite staff and admins; partners and readers invite nobody', () => {
    const table = ROLES.map((inviter) => [inviter, ROLES.filter((invited) => mayInviteAs(inviter, invited))]);
    expect(table).toEqual([
      ['admin', ['admin', 'staff', 'partner', 'reader']],
      ['staff', ['partner', 'reader']],
      ['partner', []],
      ['reader', []],
    ]);
    expect(ROLES.filter((invited) => mayInviteAs(null, invited))).toEqual([]);
  });
});

describe('[V2] four eyes by default', () => {
  it('[V2] a workspace addressed reglement (or reglement-…) starts with four eyes on; any other does not', () => {
    const slugs = ['reglement', 'reglement-2027', 'reglement-', 'toolbox', 'reglementen', 'mijn-reglement', 'xreglement-a', ''];
    expect(slugs.filter(fourEyesByDefault)).toEqual(['reglement', 'reglement-2027', 'reglement-']);
  });
});

describe('[A2] capabilities', () => {
  it('[A2] staff and admins edit, partners suggest, readers comment where allowed and otherwise read', () => {
    const capabilities = (readersMayComment: boolean) => ROLES.map((role) => capabilityFor(role, { readersMayComment }));
    expect(capabilities(true)).toEqual(['edit', 'edit', 'suggest', 'comment']);
    expect(capabilities(false)).toEqual(['edit', 'edit', 'suggest', 'read']);
  });

  it('[A2] every capability but read writes', () => {
    expect((['read', 'comment', 'suggest', 'edit'] as const).map(mayWrite)).toEqual([false, true, true, true]);
  });
});
