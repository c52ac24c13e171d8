import { expect } from 'chai';
import { captionAt } from './captions.ts';

describe('captions from a transcript', () => {
  const text = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen';

  it('moves through the text in step with the position', () => {
    expect(captionAt(text, 0, 10)).to.equal('one two three four five six seven');
    expect(captionAt(text, 4.9, 10)).to.equal('one two three four five six seven');
    expect(captionAt(text, 5, 10)).to.equal('eight nine ten eleven twelve thirteen fourteen');
    expect(captionAt(text, 10, 10)).to.equal('eight nine ten eleven twelve thirteen fourteen');
  });

  it('shows nothing without a transcript or a length', () => {
    expect(captionAt(null, 1, 10)).to.equal('');
    expect(captionAt('  ', 1, 10)).to.equal('');
    expect(captionAt(text, 1, NaN)).to.equal('');
  });

  it('keeps markup as literal text', () => {
    expect(captionAt('<b>hi</b> there', 0, 5)).to.equal('<b>hi</b> there');
  });
});
