import { render } from '@testing-library/react';
import { BreakableText } from './BreakableText';

describe('BreakableText', () => {
  it('keeps the text whole and lets it wrap only after a separator', () => {
    const { container } = render(
      <span>
        <BreakableText text="ghcr.io/acme/api:1.4 (debian 12.5)" />
      </span>,
    );
    expect(container.textContent).toBe('ghcr.io/acme/api:1.4 (debian 12.5)');
    expect(container.innerHTML).toBe(
      '<span>ghcr.io/<wbr>acme/<wbr>api:<wbr>1.4 (debian 12.5)</span>',
    );
  });

  it('lets a package name wrap after its dots too', () => {
    const { container } = render(
      <span>
        <BreakableText package text="org.apache.tomcat:tomcat-core" />
      </span>,
    );
    expect(container.innerHTML).toBe(
      '<span>org.<wbr>apache.<wbr>tomcat:<wbr>tomcat-core</span>',
    );
  });
});
