/**
 * Makes the tests of the enclosing describe() run on a phone: every max-width media query
 * matches, so the screen is narrower than any breakpoint (useNarrowScreen is true).
 */
export function onNarrowScreen(): void {
  const matchMedia = window.matchMedia;
  beforeEach(() => {
    window.matchMedia = ((query: string) => ({
      matches: query.includes('max-width'),
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    })) as typeof window.matchMedia;
  });
  afterEach(() => {
    window.matchMedia = matchMedia;
  });
}
