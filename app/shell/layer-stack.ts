/**
 * Which layer of the TV shell has the keys, highest first. One table, so the order is read in one place: a question
 * the viewer must answer beats everything, then enrolling, then the voicemail being listened to, then a text being
 * written, then an alert waiting on screen, then what the viewer opened (texts, then the inbox).
 */
export const LAYER_PRIORITY = {
  /** "Leave Couchline?" */
  leaving: 100,
  /** The enrollment screen of a TV that is not paired yet. */
  enrollment: 90,
  /** The listen flow's steps (one at a time): the PIN, the player, "Delete the message?". */
  pin: 80,
  player: 70,
  confirmDelete: 60,
  /** A text being written keeps the keys, over any alert. */
  compose: 50,
  /** A voicemail alert waits on screen until it is sent or closed; so does a backlog's summary (never both). */
  alert: 40,
  backlog: 40,
  /** A text's alert or the conversations. */
  texts: 30,
  inbox: 20,
} as const;

/** One layer of the shell: what takes the keys when it is the highest that wants them. */
export interface Layer<C, V = C> {
  /** For logs and tests. */
  name: string;
  priority: number;
  /** Asked at every refocus: does the layer want the keys now? */
  wantsFocus(): boolean;
  /** What gets the focus (a Lightning component in the app). */
  target: C;
  /**
   * What draws the layer, shown or hidden as a whole by the shell (in the app, the element the component sits in).
   * Layers may share one (the two questions of the confirmation dialog, the texts and the compose screen).
   */
  view: V;
  /** While it has the keys, nothing of the other layers is drawn: one clear layer at a time. */
  modal: boolean;
}

/**
 * The shell's layers, each with its priority and whether it wants the keys: the focus goes to the highest that
 * wants it, and to nothing (the programme) when none does — one clear layer at a time. A layer's own rules stay in
 * its `wantsFocus`; the stack knows only the order.
 */
export class LayerStack<C, V = C> {
  private layers: Layer<C, V>[] = [];

  /** Adds a layer; the function returned removes it. Two layers of one priority: the one added first wins. */
  add(layer: Layer<C, V>): () => void {
    this.layers.push(layer);
    this.layers.sort((a, b) => b.priority - a.priority);
    return () => {
      this.layers = this.layers.filter((l) => l !== layer);
    };
  }

  /** The highest layer that wants the keys now, or undefined. */
  top(): Layer<C, V> | undefined {
    return this.layers.find((layer) => layer.wantsFocus());
  }

  /** What the focus goes to now (see {@link top}). */
  focused(): C | undefined {
    return this.top()?.target;
  }

  /** Every layer's view, once each. */
  views(): Set<V> {
    return new Set(this.layers.map((layer) => layer.view));
  }

  /**
   * The views to hide now: while a modal layer has the keys, every other layer's view (a view the top layer shares
   * stays, since it draws the top layer). Nothing is hidden when no layer, or a layer that is not modal, has them.
   */
  hidden(): Set<V> {
    const top = this.top();
    if (!top?.modal) return new Set();
    return new Set(this.layers.map((layer) => layer.view).filter((view) => view !== top.view));
  }
}
