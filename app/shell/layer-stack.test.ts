import { expect } from 'chai';
import { LAYER_PRIORITY, LayerStack } from './layer-stack.ts';

describe('the shell layer stack', () => {
  const stack = () => {
    const wants: Record<string, boolean> = {};
    const layers = new LayerStack<string>();
    const add = (name: keyof typeof LAYER_PRIORITY, options: { view?: string; modal?: boolean } = {}) =>
      layers.add({
        name,
        priority: LAYER_PRIORITY[name],
        wantsFocus: () => wants[name] === true,
        target: name,
        view: options.view ?? name,
        modal: options.modal ?? true,
      });
    return { layers, wants, add };
  };

  it('gives the keys to nothing when no layer wants them', () => {
    const { layers, add } = stack();
    add('inbox');
    add('alert');
    expect(layers.focused()).to.equal(undefined);
  });

  it('gives the keys to the highest layer that wants them, whatever the order they were added in', () => {
    const { layers, wants, add } = stack();
    for (const name of ['inbox', 'alert', 'compose', 'texts', 'pin', 'leaving', 'enrollment'] as const)
      add(name);
    wants.inbox = true;
    wants.texts = true;
    expect(layers.focused()).to.equal('texts');
    wants.alert = true;
    expect(layers.focused()).to.equal('alert');
    wants.compose = true;
    expect(layers.focused()).to.equal('compose');
    wants.pin = true;
    expect(layers.focused()).to.equal('pin');
    wants.leaving = true;
    expect(layers.top()?.name).to.equal('leaving');
  });

  it('keeps the order the TV had: leaving, enrollment, the listen flow, compose, alert, texts, inbox', () => {
    const p = LAYER_PRIORITY;
    const order = [
      p.leaving,
      p.enrollment,
      p.pin,
      p.player,
      p.confirmDelete,
      p.compose,
      p.alert,
      p.texts,
      p.inbox,
    ];
    expect([...order].sort((a, b) => b - a)).to.deep.equal(order);
    expect(new Set(order).size).to.equal(order.length);
  });

  it('forgets a removed layer', () => {
    const { layers, wants, add } = stack();
    const remove = add('alert');
    add('inbox');
    wants.alert = true;
    wants.inbox = true;
    remove();
    expect(layers.focused()).to.equal('inbox');
  });

  it('hides every other layer while a modal layer has the keys, but not a view the top layer shares', () => {
    const { layers, wants, add } = stack();
    add('inbox');
    add('texts', { view: 'texting' });
    add('compose', { view: 'texting' });
    add('pin');
    wants.inbox = true;
    expect([...layers.hidden()]).to.have.members(['texting', 'pin']);
    wants.compose = true;
    expect([...layers.hidden()]).to.have.members(['inbox', 'pin']);
    wants.pin = true;
    expect([...layers.hidden()]).to.have.members(['inbox', 'texting']);
  });

  it('hides nothing over the programme or under a layer that is not modal', () => {
    const { layers, wants, add } = stack();
    add('inbox');
    add('alert', { modal: false });
    expect(layers.hidden().size).to.equal(0);
    wants.inbox = true;
    wants.alert = true;
    expect(layers.top()?.name).to.equal('alert');
    expect(layers.hidden().size).to.equal(0);
  });
});
