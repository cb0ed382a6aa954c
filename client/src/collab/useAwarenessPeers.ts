/**
 * Who is in the section right now, from the provider's awareness, as the server stamped it
 * (name, organisation, colour).
 */
import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { isHexColor } from './userColor.js';

/** One person present in a document. */
export interface Peer {
  key: string;
  name: string;
  organisation: string | null;
  color: string | null;
  isSelf: boolean;
}

interface StampedUser {
  id?: unknown;
  name?: unknown;
  color?: unknown;
  organisation?: { name?: unknown } | unknown;
}

function readPeers(awareness: Awareness, selfOrganisation: string | null): Peer[] {
  const byKey = new Map<string, Peer>();
  const selfId = awareness.clientID;
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: StampedUser } | null)?.user;
    if (!user || typeof user.name !== 'string') continue;
    const organisation = user.organisation && typeof user.organisation === 'object' ? (user.organisation as { name?: unknown }).name : null;
    // One person in two tabs is shown once.
    const key = user.id !== undefined ? `u:${String(user.id)}` : `c:${clientId}`;
    const isSelf = clientId === selfId;
    const existing = byKey.get(key);
    byKey.set(key, {
      key,
      name: user.name,
      // Until the server's stamped state comes back, show our own organisation from the session.
      organisation: typeof organisation === 'string' ? organisation : isSelf ? selfOrganisation : null,
      color: isHexColor(user.color) ? user.color : null,
      isSelf: isSelf || Boolean(existing?.isSelf),
    });
  }
  return [...byKey.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
}

/** The people present, updated live. */
export function useAwarenessPeers(awareness: Awareness | null, selfOrganisation: string | null = null): Peer[] {
  const [peers, setPeers] = useState<Peer[]>([]);
  useEffect(() => {
    if (!awareness) {
      setPeers([]);
      return;
    }
    const refresh = () => setPeers(readPeers(awareness, selfOrganisation));
    refresh();
    awareness.on('change', refresh);
    return () => awareness.off('change', refresh);
  }, [awareness, selfOrganisation]);
  return peers;
}
