/**
 * Whether the screen is phone-narrow (the 40rem break of app.css): the section page then
 * folds its search and review box into disclosures so the text is on the first screen.
 */
import { useEffect, useState } from 'react';

const QUERY = '(max-width: 40rem)';

export function useNarrowScreen(): boolean {
  const [narrow, setNarrow] = useState(() => typeof window !== 'undefined' && window.matchMedia(QUERY).matches);
  useEffect(() => {
    const media = window.matchMedia(QUERY);
    const update = () => setNarrow(media.matches);
    update();
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, []);
  return narrow;
}
