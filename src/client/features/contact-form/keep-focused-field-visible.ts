// Only fields that bring the keyboard up: a tapped tile must not jump away under the thumb.
const TYPING = 'input:not([type=radio]):not([type=checkbox]):not([type=button]), textarea, select';

/**
 * Keeps the focused field in sight above the on-screen keyboard and the sticky send bar. Chrome
 * resizes the page for the keyboard (index.html asks `interactive-widget=resizes-content`) and
 * `scroll-padding-bottom` keeps focus scrolling clear of the bar; Safari only shrinks the
 * visual viewport, so the field is brought back when that happens. Returns the cleanup.
 */
export function keepFocusedFieldVisible(root: HTMLElement, bar: () => HTMLElement | null): () => void {
  const viewport = window.visualViewport;
  const reveal = () => {
    const element = document.activeElement;
    if (!(element instanceof HTMLElement) || !root.contains(element) || !element.matches(TYPING)) return;
    const rect = element.getBoundingClientRect();
    const top = viewport?.offsetTop ?? 0;
    const bottom = (viewport ? viewport.offsetTop + viewport.height : window.innerHeight) - (bar()?.offsetHeight ?? 0);
    if (rect.top < top || rect.bottom > bottom) element.scrollIntoView({ block: 'center' });
  };
  const onFocusIn = () => requestAnimationFrame(reveal);
  root.addEventListener('focusin', onFocusIn);
  viewport?.addEventListener('resize', reveal);
  return () => {
    root.removeEventListener('focusin', onFocusIn);
    viewport?.removeEventListener('resize', reveal);
  };
}
