// jsdom does no layout. For the app's virtualized lists (live feed, board, detail pane timeline) this gives their scroll
// boxes a size and a scroll height, the timeline's measured items a height, and elements a scrollTo that scrolls.
/** Height in px that a measured timeline item reports. */
export const TIMELINE_ITEM_PX = 25;
/** Height and width in px of every virtualized scroll box. */
export const SCROLL_BOX_PX = 600;

const VIRTUALIZED_BOXES = ['feed-scroll', 'board-list', 'detail'];
const isBox = (el: HTMLElement): boolean => VIRTUALIZED_BOXES.some((c) => el.classList.contains(c));
/** What a box's content measures: the heights its children were given (the virtualizers size their inner element). */
const contentHeight = (el: HTMLElement): number =>
  [...el.children].reduce((sum, child) => sum + (Number.parseFloat((child as HTMLElement).style.height) || 0), 0);

let installed = false;

/** Installs the shims in this test file's jsdom (once; the environment goes away with the file). Elsewhere sizes stay 0. */
export function installLayoutShims(): void {
  if (installed || typeof HTMLElement === 'undefined') return;
  installed = true;
  const getters: Record<string, (this: HTMLElement) => number> = {
    clientHeight() { return isBox(this) ? SCROLL_BOX_PX : 0; },
    clientWidth() { return isBox(this) ? SCROLL_BOX_PX : 0; },
    offsetHeight() { return this.classList.contains('timeline-item') ? TIMELINE_ITEM_PX : isBox(this) ? SCROLL_BOX_PX : 0; },
    scrollHeight() { return isBox(this) ? Math.max(SCROLL_BOX_PX, contentHeight(this)) : 0; },
  };
  for (const [prop, get] of Object.entries(getters)) Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get });
  Object.defineProperty(HTMLElement.prototype, 'scrollTo', {
    configurable: true,
    value(this: HTMLElement, options: ScrollToOptions) {
      Object.defineProperty(this, 'scrollTop', { configurable: true, value: options.top ?? this.scrollTop });
      this.dispatchEvent(new Event('scroll'));
    },
  });
}
