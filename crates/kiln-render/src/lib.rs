//! Badge designs for Kiln: SVG templates with placeholders, filled with
//! XML escaping and shrink-to-fit text, rendered to PNG through resvg with
//! an embedded open-licence font.
//!
//! ```
//! use kiln_render::{Renderer, Template, Values, DEFAULT_WIDTH};
//!
//! let template = Template::parse(kiln_render::templates::HEXAGON)?;
//! let renderer = Renderer::new(); // parse once, render many
//! let mut values = Values::new();
//! values.insert("recipient.name".into(), "Zoë Ἀθηνᾶ Жукова".into());
//! values.insert("achievement.name".into(), "Rust & WebAssembly".into());
//! values.insert("issuer.name".into(), "Kiln Academy".into());
//! values.insert("date".into(), "2026-11-28".into());
//! let svg = template.fill(&values)?;
//! let rendered = renderer.render_png(&svg, DEFAULT_WIDTH)?;
//! assert!(rendered.png.starts_with(b"\x89PNG"));
//! assert!(rendered.warnings.is_empty());
//! # Ok::<(), kiln_render::Error>(())
//! ```
//!
//! # Fonts
//! Subsets of DejaVu Sans, DejaVu Sans Bold and DejaVu Serif Bold (Bitstream
//! Vera licence, see `fonts/README.md` and `fonts/LICENSE`) cover Latin with
//! its extensions, Greek and Cyrillic; they are compiled in and parsed once
//! per [`Renderer`]. Other scripts need a font that has them, added with
//! [`Renderer::with_font`] (`kiln render --font`): text falls back to it
//! character by character, shaped and ordered by resvg's text layout, so
//! Arabic letters join and Arabic and Hebrew read right to left (tested with
//! Arabic, Hebrew and Japanese names against reference images). Characters
//! no loaded font has are named in [`Rendered::warnings`] with the fix
//! (`no font has the glyphs for: 佐, 藤 (add a font that has them: --font
//! FILE)`), never drawn as boxes silently.
//!
//! Templates exported from design tools name fonts Kiln does not have
//! (`font-family:Arial`, `'Open Sans'`, `Helvetica, sans-serif`). Text falls
//! back as in a browser: a named family that is loaded is used (matched
//! without regard to case); generic families (`sans-serif`, `serif`,
//! `monospace`, `cursive`, `fantasy`, `system-ui`, ...) always mean the
//! embedded fonts; anything else ends on DejaVu Sans, or DejaVu Serif Bold
//! when the list asks for a serif (`serif`, `Georgia`, `Times New Roman`).
//! Regular or bold follows `font-weight` (bold from 600). Each replaced family
//! is named once in the warnings: `Arial is not available: DejaVu Sans used`.
//! A `<text>` that would be shown but yields no glyphs at all is an error
//! (code `text-not-drawn`) naming the element, never a badge without its
//! text.
//!
//! # Many badges of one template
//! [`Renderer::batch`] draws the template's fixed artwork (the top-level
//! elements before the first one holding a placeholder) once;
//! [`Batch::render`] fills each row and draws only the rest over a copy, the
//! same bytes as a whole render. See [`Batch`] for when a template is drawn
//! whole instead.
//!
//! # Templates
//! See [`template`] for the placeholder names, escaping and the
//! `data-fit-width` shrink-to-fit rules; [`templates`] holds the shipped
//! designs.
//!
//! # Features
//! - `system-fonts` (off): `Renderer::with_system_fonts()` also loads the
//!   machine's fonts (fontconfig). For the CLI; wasm has no system fonts.
//!
//! # Cost
//! - Time (512 px): `kiln issue` spends about 5.8 ms of CPU per PNG badge
//!   with [`Renderer::batch`] (the template's fixed artwork drawn once per
//!   run), against 10.6 ms drawing each badge whole, in the same paired runs
//!   (release builds, 2026-12-02); the render alone is 4.6-7.7 ms of it on a
//!   shared machine. `cargo bench -p kiln-render --bench render` times
//!   `fill+render` and `batch` per template. [`Compression::Small`] adds
//!   about 10 ms. [`Renderer::new`] and [`Template::parse`] take
//!   microseconds; build each once and share them across threads (both are
//!   `Send + Sync`, as is a [`Batch`]).
//! - Size: a wasm32 cdylib holding the renderer is about 2.0 MB after
//!   `wasm-opt -Oz`, 870 KB gzipped, of which the fonts are 196 KB gzipped;
//!   most of the rest is resvg's text stack (harfrust, skrifa) and tiny-skia.
//!
//! # Limits and panics
//! Template and SVG size, node count, value length, width and pixel count
//! are bounded by [`Limits`]. Library code does not panic on any input: bad
//! input gives an [`Error`] naming what is wrong and where.
//!
//! # DOCTYPEs and entities
//! A plain DOCTYPE (the SVG 1.1 one design tools export) is accepted; a
//! DOCTYPE with an internal subset (`<!DOCTYPE svg [...]>`) is refused,
//! whatever it holds (`template-dtd-subset` from [`Template::parse`],
//! `svg-dtd-subset` from [`Renderer::render_png`], kind
//! [`Error::Unsupported`]): its entity declarations serve only
//! entity-expansion and external-entity attacks. No entity is declared,
//! expanded or fetched; the XML is parsed with DTDs disallowed, with the
//! plain DOCTYPE blanked out first.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod batch;
mod drawn;
mod error;
mod fallback;
mod fonts;
mod limits;
mod render;
pub mod template;
pub mod templates;
mod walk;
mod xml;

pub use batch::Batch;
pub use error::Error;
pub use fonts::{SANS_FAMILY, SERIF_FAMILY};
pub use limits::Limits;
pub use render::{Compression, DEFAULT_WIDTH, MAX_FONT_BYTES, Rendered, Renderer};
pub use template::{Template, Values};

#[cfg(test)]
mod tests {
    #[test]
    fn shareable_between_threads() {
        fn check<T: Send + Sync>() {}
        check::<crate::Renderer>();
        check::<crate::Template>();
        check::<crate::Error>();
        check::<crate::Batch<'static>>();
    }
}
