// Lightning, the engine @lightningjs/sdk is built on (the SDK's `Lightning` export is this same module).
// The app uses it directly: the SDK's Launch binds keys to raw key codes, and here the platform adapter owns
// key codes while app code sees only logical names (STYLE.md, "Keys").
import Lightning from '@lightningjs/core';

export default Lightning;
