import type { ProgrammeAudio } from '../../platform-adapters/contract/index.ts';

/** How loud the programme plays in each mode: about −14 dB under a voicemail, silent when muted. */
export const PROGRAMME_GAIN: Readonly<Record<ProgrammeAudio, number>> = {
  normal: 1,
  ducked: 0.2,
  muted: 0,
};

/** How quickly the programme's level follows a change of mode (WebAudio's time constant, in seconds). */
const RAMP_SECONDS = 0.05;

/**
 * The emulator's live picture has a sound: a generated bed (filtered noise, like a crowd or an audience, under a
 * low chord) through one gain stage, so the app's "lower the programme" is heard and measured. Browsers start audio
 * only after a gesture of the viewer: {@link start} is called from the first one. No audio file is needed.
 */
export class ProgrammeSound {
  private context: AudioContext | null = null;
  private gainNode: GainNode | null = null;
  private analyser: AnalyserNode | null = null;
  private samples: Float32Array<ArrayBuffer> | null = null;
  private current: ProgrammeAudio = 'normal';

  get mode(): ProgrammeAudio {
    return this.current;
  }

  /** The gain the programme is set to (the level it ramps to). */
  get gain(): number {
    return PROGRAMME_GAIN[this.current];
  }

  get isStarted(): boolean {
    return this.context !== null;
  }

  /** Starts the sound (once); resolves when the engine plays it. */
  async start(): Promise<void> {
    if (this.context) return;
    const context = new AudioContext();
    this.context = context;
    const gain = context.createGain();
    gain.gain.value = this.gain;
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    gain.connect(analyser).connect(context.destination);
    this.bed(context).connect(gain);
    this.gainNode = gain;
    this.analyser = analyser;
    this.samples = new Float32Array(analyser.fftSize);
    await context.resume();
  }

  /** What the TV app asked for (`setProgrammeAudio`): the level ramps there. */
  setMode(mode: ProgrammeAudio): void {
    this.current = mode;
    const gain = this.gainNode;
    if (gain && this.context) gain.gain.setTargetAtTime(this.gain, this.context.currentTime, RAMP_SECONDS);
  }

  /** The level heard now, after the gain: the RMS of the last few dozen milliseconds, 0 to 1 (0 before start). */
  level(): number {
    if (!this.analyser || !this.samples) return 0;
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    for (const sample of this.samples) sum += sample * sample;
    return Math.sqrt(sum / this.samples.length);
  }

  async dispose(): Promise<void> {
    const context = this.context;
    this.context = null;
    this.gainNode = null;
    this.analyser = null;
    await context?.close();
  }

  /** Two seconds of low-passed noise, looped, with a quiet two-note chord over it. */
  private bed(context: AudioContext): AudioNode {
    const mix = context.createGain();
    const buffer = context.createBuffer(1, context.sampleRate * 2, context.sampleRate);
    const data = buffer.getChannelData(0);
    let last = 0;
    for (let i = 0; i < data.length; i++) {
      // A one-pole low-pass over white noise: softer, like a room rather than hiss.
      last = 0.96 * last + 0.04 * (Math.random() * 2 - 1);
      data[i] = last * 4;
    }
    const noise = context.createBufferSource();
    noise.buffer = buffer;
    noise.loop = true;
    const noiseLevel = context.createGain();
    noiseLevel.gain.value = 0.5;
    noise.connect(noiseLevel).connect(mix);
    noise.start();
    for (const frequency of [220, 277.2]) {
      const tone = context.createOscillator();
      tone.frequency.value = frequency;
      const toneLevel = context.createGain();
      toneLevel.gain.value = 0.05;
      tone.connect(toneLevel).connect(mix);
      tone.start();
    }
    return mix;
  }
}
