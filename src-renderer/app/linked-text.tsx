// Text with its http(s) URLs as links that open in a new tab without access to this page; other schemes stay text.
import { splitLinks } from '../lib/links.js';

export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((part, i) => (part.href
        ? <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">{part.text}</a>
        : <span key={i}>{part.text}</span>))}
    </>
  );
}
