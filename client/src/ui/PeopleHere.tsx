/**
 * Who is in the section right now: "Name (Organisation)" with each person's caret colour.
 */
import { useTranslation } from 'react-i18next';
import type { Peer } from '../collab/useAwarenessPeers.js';

/** The who-is-here list. */
export function PeopleHere({ peers }: { peers: Peer[] }) {
  const { t } = useTranslation();
  const others = peers.filter((p) => !p.isSelf);
  return (
    <section className="people-here" aria-labelledby="people-here-title">
      <h2 id="people-here-title">{t('people.title')}</h2>
      <ul>
        {peers.map((peer) => {
          const person = peer.organisation ? t('header.person', { name: peer.name, organisation: peer.organisation }) : peer.name;
          return (
            <li key={peer.key}>
              <span className="swatch" style={peer.color ? { backgroundColor: peer.color } : undefined} aria-hidden="true" />
              {peer.isSelf ? t('people.you', { person }) : person}
            </li>
          );
        })}
      </ul>
      {others.length === 0 && <p className="muted">{t('people.alone')}</p>}
    </section>
  );
}
