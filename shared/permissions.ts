/**
 * The permission matrix (DESIGN.md, "People and roles"): one table, used by every HTTP
 * route and by the websocket server.
 */

export const ROLES = ['admin', 'staff', 'partner', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** What a websocket connection to a section draft may do. */
export const CAPABILITIES = ['read', 'comment', 'suggest', 'edit'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const ACTIONS = [
  'workspace.read',
  'workspace.settings',
  'members.read',
  /** Invite people by e-mail (which roles: `mayInviteAs`). */
  'members.invite',
  /** Change members' roles, remove members, invite staff and admins. */
  'members.manage',
  'section.read',
  'section.create',
  /** Import DOCX, Markdown and HTML files as new sections. */
  'section.import',
  'section.update',
  'section.archive',
  'draft.edit',
  'draft.suggest',
  'draft.comment',
  'suggestion.decide',
  /** Resolve, reopen or re-attach anyone's thread; delete anyone's message. */
  'comment.moderate',
  /** Ask for a section revision to be approved. */
  'revision.request',
  /** Approve a request (or ask for changes); with four eyes on, never one's own. */
  'revision.approve',
  /** Turn an old revision into the draft again, as a forward edit. */
  'revision.restore',
  /** Compose, preview and publish releases; moderate feedback. */
  'release.manage',
  'image.upload',
  'audit.read',
  /** The activity view: everyone's for staff and admins, one's own for partners (the route narrows it). */
  'activity.read',
  /** Start a translation from the lead language, mark translated passages up to date (issue 20, T1). */
  'translation.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface WorkspacePolicy {
  /** Readers may comment (a workspace setting). */
  readersMayComment: boolean;
}

const STAFF_ACTIONS: readonly Action[] = [
  'workspace.read',
  'members.read',
  'members.invite',
  'section.read',
  'section.create',
  'section.import',
  'section.update',
  'section.archive',
  'draft.edit',
  'draft.suggest',
  'draft.comment',
  'suggestion.decide',
  'comment.moderate',
  'revision.request',
  'revision.approve',
  'revision.restore',
  'release.manage',
  'image.upload',
  'activity.read',
  'translation.manage',
];

const MATRIX: Record<Role, readonly Action[]> = {
  admin: [...STAFF_ACTIONS, 'workspace.settings', 'members.manage', 'audit.read'],
  staff: STAFF_ACTIONS,
  partner: ['workspace.read', 'section.read', 'draft.suggest', 'draft.comment', 'activity.read'],
  reader: ['workspace.read', 'section.read'],
};

/**
 * Which roles a member may invite (CONTRACT.md, "Invitations"): staff invite partners and
 * readers; inviting staff or admins stays with admins, who also change roles.
 */
export function mayInviteAs(inviter: Role | null, invited: Role): boolean {
  if (!can(inviter, 'members.invite')) return false;
  return invited === 'partner' || invited === 'reader' || can(inviter, 'members.manage');
}

/** Whether `role` may perform `action` in a workspace with this policy. */
export function can(role: Role | null, action: Action, policy: WorkspacePolicy = { readersMayComment: false }): boolean {
  if (!role) return false;
  if (role === 'reader' && action === 'draft.comment') return policy.readersMayComment;
  return MATRIX[role].includes(action);
}

/**
 * Which capability a role's connection gets: staff edit, partners suggest (S1 is checked on
 * every update), readers comment where the workspace allows it (only their own comment
 * anchors, checked the same way) and otherwise read.
 */
export function capabilityFor(role: Role, policy: WorkspacePolicy): Capability {
  if (can(role, 'draft.edit', policy)) return 'edit';
  if (can(role, 'draft.suggest', policy)) return 'suggest';
  if (can(role, 'draft.comment', policy)) return 'comment';
  return 'read';
}

/** Whether a capability allows writing document content at all. */
export function mayWrite(capability: Capability): boolean {
  return capability !== 'read';
}

/**
 * Whether a new workspace starts with four eyes on (issue 21): regulations (a workspace whose
 * address is `reglement`, or starts with `reglement-`) are approved by a second person.
 */
export function fourEyesByDefault(slug: string): boolean {
  return slug === 'reglement' || slug.startsWith('reglement-');
}
