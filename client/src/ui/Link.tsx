/**
 * An anchor that navigates inside the app without reloading (modified clicks keep the
 * browser's own behaviour: new tab, download…).
 */
import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from '../routes/navigation.js';

/** An in-app link. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handleClick} {...rest} />;
}
