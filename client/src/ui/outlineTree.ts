/**
 * Pure outline arithmetic: the tree from the server's flat list, and where a section goes
 * when it is moved by a button or dropped. A move is `{ parentId, position }` where
 * `position` is the section's index among its new siblings once it is there.
 */
import type { Section } from '../api/types.js';

/** A section with its place in the tree. */
export interface OutlineNode {
  section: Section;
  depth: number;
  children: OutlineNode[];
}

/** A planned move, in the terms of POST …/sections/:id/move. */
export interface MovePlan {
  parentId: string | null;
  position: number;
}

/** The keyboard-friendly moves. */
export type MoveAction = 'up' | 'down' | 'indent' | 'outdent';

/** Where a dragged section lands relative to the one it was dropped on. */
export type DropPlacement = 'before' | 'after' | 'inside';

/** Builds the tree; the flat list is already in outline order, so siblings keep that order. */
export function buildOutline(sections: readonly Section[]): OutlineNode[] {
  const nodes = new Map<string, OutlineNode>();
  for (const section of sections) nodes.set(section.id, { section, depth: 0, children: [] });
  const roots: OutlineNode[] = [];
  for (const section of sections) {
    const node = nodes.get(section.id)!;
    const parent = section.parentId ? nodes.get(section.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const setDepth = (list: OutlineNode[], depth: number) => {
    for (const node of list) {
      node.depth = depth;
      setDepth(node.children, depth + 1);
    }
  };
  setDepth(roots, 0);
  return roots;
}

/** The ids of a section's children, in order. */
function childIds(sections: readonly Section[], parentId: string | null, known: Set<string>): string[] {
  return sections
    .filter((s) => (s.parentId && known.has(s.parentId) ? s.parentId : null) === parentId)
    .map((s) => s.id);
}

function parentOf(sections: readonly Section[], id: string, known: Set<string>): string | null {
  const section = sections.find((s) => s.id === id);
  return section?.parentId && known.has(section.parentId) ? section.parentId : null;
}

/** Whether `candidate` is `ancestor` or lies below it. */
export function isWithin(sections: readonly Section[], candidate: string, ancestor: string): boolean {
  const byId = new Map(sections.map((s) => [s.id, s]));
  let current: string | null = candidate;
  for (let guard = 0; current && guard < sections.length + 1; guard++) {
    if (current === ancestor) return true;
    current = byId.get(current)?.parentId ?? null;
  }
  return false;
}

/** Where a button move takes a section, or null when that move is not possible. */
export function planMove(sections: readonly Section[], id: string, action: MoveAction): MovePlan | null {
  const known = new Set(sections.map((s) => s.id));
  if (!known.has(id)) return null;
  const parentId = parentOf(sections, id, known);
  const siblings = childIds(sections, parentId, known);
  const index = siblings.indexOf(id);
  switch (action) {
    case 'up':
      return index > 0 ? { parentId, position: index - 1 } : null;
    case 'down':
      return index < siblings.length - 1 ? { parentId, position: index + 1 } : null;
    case 'indent': {
      if (index <= 0) return null;
      const newParent = siblings[index - 1];
      return { parentId: newParent, position: childIds(sections, newParent, known).length };
    }
    case 'outdent': {
      if (!parentId) return null;
      const grandParent = parentOf(sections, parentId, known);
      const parentIndex = childIds(sections, grandParent, known).indexOf(parentId);
      return { parentId: grandParent, position: parentIndex + 1 };
    }
  }
}

/** Where a dropped section goes, or null when the drop makes no sense (onto itself or inside itself). */
export function planDrop(sections: readonly Section[], draggedId: string, targetId: string, placement: DropPlacement): MovePlan | null {
  if (draggedId === targetId || isWithin(sections, targetId, draggedId)) return null;
  const known = new Set(sections.map((s) => s.id));
  if (placement === 'inside') {
    return { parentId: targetId, position: childIds(sections, targetId, known).filter((c) => c !== draggedId).length };
  }
  const parentId = parentOf(sections, targetId, known);
  const siblings = childIds(sections, parentId, known).filter((c) => c !== draggedId);
  const targetIndex = siblings.indexOf(targetId);
  return { parentId, position: placement === 'before' ? targetIndex : targetIndex + 1 };
}

/** Whether a plan leaves the section where it already is. */
export function isNoOp(sections: readonly Section[], id: string, plan: MovePlan): boolean {
  const known = new Set(sections.map((s) => s.id));
  const parentId = parentOf(sections, id, known);
  return parentId === plan.parentId && childIds(sections, parentId, known).indexOf(id) === plan.position;
}
