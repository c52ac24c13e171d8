import { expect } from 'chai';
import { fitUrl } from './fit-url.ts';

/** Width of a line as the screen draws it. */
function widthOf(line: string, fontSize: number): number {
  const context = document.createElement('canvas').getContext('2d')!;
  context.font = `bold ${fontSize}px sans-serif`;
  return context.measureText(line).width;
}

describe('the setup page address on the enrollment screen', () => {
  it('a short address stays whole, as large as fits', () => {
    const url = 'http://127.0.0.1:8080/account.html';
    expect(fitUrl(url, 2000)).to.deep.equal({ fontSize: 52, lines: [url] });
    // A column just wide enough for it at 44 px (measured in this engine's font): 44 px, one line.
    expect(fitUrl(url, Math.ceil(widthOf(url, 44)))).to.deep.equal({ fontSize: 44, lines: [url] });
  });

  it('a long one gets smaller, then breaks after a / or . — every line inside the column', () => {
    const url = 'https://couchline.households.fxt-digital-tv.example.com/setup/account.html';
    const fit = fitUrl(url, 700);
    expect(fit.lines.join('')).to.equal(url);
    expect(fit.fontSize).to.equal(36);
    expect(fit.lines.length).to.be.within(2, 3);
    for (const line of fit.lines.slice(0, -1)) expect(line).to.match(/[/.]$/);
    for (const line of fit.lines) expect(widthOf(line, fit.fontSize)).to.be.at.most(700);
  });
});
