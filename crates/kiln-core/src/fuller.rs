//! Builds that leave parts out, such as the browser's small verifier module
//! (kiln-core without `rdfc`, `rsa` and `es256`), answer "could not check"
//! for a credential that needs a missing part: complete JSON-LD expansion,
//! an RS256 or an ES256 signature. They also raise this flag, so that the
//! caller can run the same verification again with a fuller build (the
//! browser loads its `verifier-full` module only then).

use std::cell::Cell;

std::thread_local! {
    static NEEDED: Cell<bool> = const { Cell::new(false) };
}

/// Marks that the current work needed a part this build leaves out.
#[cfg_attr(
    all(feature = "rdfc", feature = "rsa", feature = "es256"),
    allow(dead_code)
)]
pub(crate) fn raise() {
    NEEDED.with(|n| n.set(true));
}

/// Whether, since the last call on this thread, some verification needed
/// a part this build leaves out (see the module docs); reading clears it.
/// Always `false` in a build with `rdfc`, `rsa` and `es256`. Not part of
/// Kiln's stable API.
#[doc(hidden)]
pub fn take_fuller_build_needed() -> bool {
    NEEDED.with(|n| n.replace(false))
}
