//! SVG to PNG through resvg, with the embedded fonts loaded once.

use std::sync::Arc;

use resvg::tiny_skia;
use resvg::usvg;

use crate::Error;
use crate::fonts;
use crate::limits::Limits;
use crate::xml::{self, Input};
use crate::{drawn, fallback};

/// The largest font file [`Renderer::with_font`] accepts: 32 MiB, more than
/// the largest CJK collections.
pub const MAX_FONT_BYTES: usize = 32 * 1024 * 1024;

/// The width of a badge PNG when the caller has no preference.
pub const DEFAULT_WIDTH: u32 = 512;

/// Renders SVG to PNG. Holds the font database (the embedded fonts, parsed
/// once) and the parsing options, so one renderer serves any number of
/// renders; it is `Send + Sync` and can be shared between threads.
///
/// External files are never read: an `<image>` may only use a `data:` URL.
#[derive(Debug)]
pub struct Renderer {
    options: usvg::Options<'static>,
    limits: Limits,
    compression: Compression,
}

/// How hard the PNG encoder works. Both are lossless and deterministic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Compression {
    /// fdeflate's fast mode with the Paeth filter: files about 50 % larger
    /// than [`Compression::Small`]. For bulk issuance.
    #[default]
    Fast,
    /// zlib-style compression: smaller files, about 10 ms more per 512 px badge.
    Small,
}

/// A rendered PNG and what the caller should know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The PNG file.
    pub png: Vec<u8>,
    /// Problems that did not stop the render, such as
    /// `Arial is not available: DejaVu Sans used` or
    /// `no font has the glyphs for: 한, 글 (add a font that has them: --font FILE)`.
    pub warnings: Vec<String>,
}

impl Default for Renderer {
    fn default() -> Self {
        Renderer::new()
    }
}

impl Renderer {
    /// A renderer with the embedded fonts only (DejaVu Sans, DejaVu Sans
    /// Bold and DejaVu Serif Bold, subset to Latin, Greek and Cyrillic).
    /// `sans-serif`, `serif` and every other generic family map to them.
    pub fn new() -> Renderer {
        let mut db = usvg::fontdb::Database::new();
        for data in fonts::EMBEDDED {
            db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(data)));
        }
        set_generic_families(&mut db);

        let mut options = usvg::Options {
            font_family: fonts::SANS_FAMILY.to_owned(),
            fontdb: Arc::new(db),
            // Families Kiln does not have fall back to the embedded fonts.
            font_resolver: usvg::FontResolver {
                select_font: fallback::selector(),
                select_fallback: usvg::FontResolver::default_fallback_selector(),
            },
            ..usvg::Options::default()
        };
        // Never read files named by `<image href>`; data URLs still work.
        options.image_href_resolver = usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        };
        Renderer {
            options,
            limits: Limits::default(),
            compression: Compression::default(),
        }
    }

    /// A renderer with the embedded fonts first, then every font installed
    /// on the machine, for scripts the embedded subset lacks. Output then
    /// depends on the machine's fonts. Not available on wasm.
    #[cfg(feature = "system-fonts")]
    pub fn with_system_fonts() -> Renderer {
        let mut renderer = Renderer::new();
        let db = renderer.options.fontdb_mut();
        db.load_system_fonts();
        // fontconfig's preferences replaced the generic families; generic
        // families stay embedded so the output does not depend on them.
        set_generic_families(db);
        renderer
    }

    /// The same renderer with the faces of one more font file (TrueType,
    /// OpenType or a collection) loaded, so a template naming its family
    /// finds it. Fails when the file holds no face that can be read, or is
    /// larger than [`MAX_FONT_BYTES`].
    pub fn with_font(mut self, data: Vec<u8>) -> Result<Renderer, Error> {
        if data.len() > MAX_FONT_BYTES {
            return Err(Error::limit(
                kiln_core::Code::FontTooLarge,
                format!(
                    "the font file is {} bytes, more than the limit of {MAX_FONT_BYTES}",
                    data.len()
                ),
            ));
        }
        let ids = self
            .options
            .fontdb_mut()
            .load_font_source(usvg::fontdb::Source::Binary(Arc::new(data)));
        if ids.is_empty() {
            return Err(Error::malformed(
                kiln_core::Code::FontUnreadable,
                "the file holds no TrueType or OpenType font that can be read",
            ));
        }
        Ok(self)
    }

    /// The family names of the loaded faces, each once, in load order.
    pub fn font_families(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for face in self.options.fontdb.faces() {
            if let Some((name, _)) = face.families.first() {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        names
    }

    /// The same renderer with other limits.
    pub fn with_limits(mut self, limits: Limits) -> Renderer {
        self.limits = limits;
        self
    }

    /// The same renderer with another PNG compression.
    pub fn with_compression(mut self, compression: Compression) -> Renderer {
        self.compression = compression;
        self
    }

    /// The number of font faces the renderer can use.
    pub fn font_count(&self) -> usize {
        self.options.fontdb.len()
    }

    /// Fills `template` with `values` and renders it: [`Template::fill`](crate::Template::fill)
    /// then [`Renderer::render_png`].
    pub fn render_template(
        &self,
        template: &crate::Template,
        values: &crate::Values,
        width: u32,
    ) -> Result<Rendered, Error> {
        self.render_png(&template.fill(values)?, width)
    }

    /// Renders `svg` to a PNG `width` pixels wide; the height follows the
    /// SVG's aspect ratio.
    ///
    /// A font family that is not loaded is replaced by an embedded one (see
    /// the crate docs) and named in [`Rendered::warnings`], as is text whose
    /// characters no loaded font has. A `<text>` that would be shown but
    /// yields no glyphs at all is an error (`text-not-drawn`) naming the
    /// element. A DOCTYPE with an internal subset is refused
    /// (`svg-dtd-subset`), and so is an SVG of more than
    /// [`Limits::max_svg_nodes`] XML nodes (`svg-too-many-nodes`). The same
    /// input gives the same bytes.
    pub fn render_png(&self, svg: &str, width: u32) -> Result<Rendered, Error> {
        self.check_input(svg, width)?;
        // DTDs refused before usvg (which allows them) sees the text; the
        // same parse serves the checks on the source below and usvg.
        let text = xml::checked_text(svg, Input::Svg)?;
        let doc = xml::parse(&text, self.limits.max_svg_nodes, Input::Svg)?;
        let tree = self.tree(&doc)?;
        let mut pixmap = self.canvas(&tree, width)?;
        draw(&tree, width, &mut pixmap);
        let png = self.encode(pixmap)?;
        let found = Found::of(&doc, &tree, &self.options.fontdb);
        Ok(Rendered {
            png,
            warnings: found.warnings(),
        })
    }

    /// Fails on an SVG longer than the limit or a width of 0 or past it.
    pub(crate) fn check_input(&self, svg: &str, width: u32) -> Result<(), Error> {
        if svg.len() > self.limits.max_svg_bytes {
            return Err(Error::limit(
                kiln_core::Code::SvgTooLarge,
                format!(
                    "the SVG is {} bytes, more than the limit of {}",
                    svg.len(),
                    self.limits.max_svg_bytes
                ),
            ));
        }
        if width == 0 {
            return Err(Error::misuse(
                kiln_core::Code::RenderWidth,
                "the width must be at least 1 pixel",
            ));
        }
        if width > self.limits.max_width {
            return Err(Error::limit(
                kiln_core::Code::RenderWidth,
                format!(
                    "the width {width} is more than the limit of {} pixels",
                    self.limits.max_width
                ),
            ));
        }
        Ok(())
    }

    /// usvg's tree of a parsed SVG, with the check that no text vanished.
    pub(crate) fn tree(&self, doc: &roxmltree::Document<'_>) -> Result<usvg::Tree, Error> {
        let tree = usvg::Tree::from_xmltree(doc, &self.options).map_err(|e| {
            Error::malformed(
                kiln_core::Code::SvgParse,
                format!("the SVG cannot be rendered: {e}"),
            )
        })?;
        drawn::check(doc, &tree)?;
        Ok(tree)
    }

    /// A transparent canvas `width` pixels wide for `tree`, within the limits.
    pub(crate) fn canvas(&self, tree: &usvg::Tree, width: u32) -> Result<tiny_skia::Pixmap, Error> {
        let height = self.height(tree, width)?;
        tiny_skia::Pixmap::new(width, height).ok_or_else(|| {
            Error::limit(
                kiln_core::Code::RenderSize,
                format!("cannot allocate a {width}x{height} image"),
            )
        })
    }

    /// The height of `tree` drawn `width` pixels wide, within the limits.
    pub(crate) fn height(&self, tree: &usvg::Tree, width: u32) -> Result<u32, Error> {
        let size = tree.size();
        let scale = width as f32 / size.width();
        let height_f = (size.height() * scale).round();
        if !(height_f >= 1.0 && height_f <= u32::MAX as f32) {
            return Err(Error::malformed(
                kiln_core::Code::RenderSize,
                format!(
                    "the SVG's size {}x{} gives no usable height at width {width}",
                    size.width(),
                    size.height()
                ),
            ));
        }
        let height = height_f as u32;
        let pixels = u64::from(width).saturating_mul(u64::from(height));
        if pixels > self.limits.max_pixels {
            return Err(Error::limit(
                kiln_core::Code::RenderSize,
                format!(
                    "a {width}x{height} image is more than the limit of {} pixels",
                    self.limits.max_pixels
                ),
            ));
        }
        Ok(height)
    }

    /// The PNG of a drawn canvas.
    pub(crate) fn encode(&self, pixmap: tiny_skia::Pixmap) -> Result<Vec<u8>, Error> {
        encode_png(pixmap, self.compression).map_err(|e| {
            Error::malformed(
                kiln_core::Code::RenderEncode,
                format!("cannot encode the PNG: {e}"),
            )
        })
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    pub(crate) fn fontdb(&self) -> &usvg::fontdb::Database {
        &self.options.fontdb
    }
}

/// Draws `tree` onto `pixmap` (as wide as `width`), over what it holds.
pub(crate) fn draw(tree: &usvg::Tree, width: u32, pixmap: &mut tiny_skia::Pixmap) {
    let scale = width as f32 / tree.size().width();
    resvg::render(
        tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
}

/// What a render found to warn about: families replaced and characters
/// without a glyph, each in order of appearance.
#[derive(Debug, Clone, Default)]
pub(crate) struct Found {
    substituted: Vec<(String, String)>,
    missing: Vec<char>,
}

impl Found {
    /// The warnings of one SVG's source and tree.
    pub(crate) fn of(
        doc: &roxmltree::Document<'_>,
        tree: &usvg::Tree,
        fontdb: &usvg::fontdb::Database,
    ) -> Found {
        let mut found = Found {
            substituted: fallback::substitutions(tree, fontdb),
            missing: missing_in_source(doc, fontdb),
        };
        found.add_missing(missing_in_tree(tree));
        found
    }

    /// Adds the replaced families of `tree` and the glyphs it lacks after
    /// those already found (as if its texts came after).
    pub(crate) fn add_tree(&mut self, tree: &usvg::Tree, fontdb: &usvg::fontdb::Database) {
        for (name, used) in fallback::substitutions(tree, fontdb) {
            if !self
                .substituted
                .iter()
                .any(|(m, _)| m.eq_ignore_ascii_case(&name))
            {
                self.substituted.push((name, used));
            }
        }
        self.add_missing(missing_in_tree(tree));
    }

    /// What the tree alone shows (a head drawn once, see [`crate::Batch`]).
    pub(crate) fn of_tree(tree: &usvg::Tree, fontdb: &usvg::fontdb::Database) -> Found {
        Found {
            substituted: fallback::substitutions(tree, fontdb),
            missing: missing_in_tree(tree),
        }
    }

    /// What a row drawn over a head finds: the source scan of its whole
    /// `doc`, then what the head's tree showed, then its own `tree`.
    pub(crate) fn over_head(
        head: &Found,
        doc: &roxmltree::Document<'_>,
        tree: &usvg::Tree,
        fontdb: &usvg::fontdb::Database,
    ) -> Found {
        let mut found = Found {
            substituted: head.substituted.clone(),
            missing: missing_in_source(doc, fontdb),
        };
        found.add_missing(head.missing.iter().copied());
        found.add_tree(tree, fontdb);
        found
    }

    fn add_missing(&mut self, chars: impl IntoIterator<Item = char>) {
        for c in chars {
            if !self.missing.contains(&c) {
                self.missing.push(c);
            }
        }
    }

    pub(crate) fn warnings(&self) -> Vec<String> {
        let mut warnings: Vec<String> = self
            .substituted
            .iter()
            .map(|(missing, used)| format!("{missing} is not available: {used} used"))
            .collect();
        if !self.missing.is_empty() {
            let list: Vec<String> = self.missing.iter().map(char::to_string).collect();
            warnings.push(format!(
                "no font has the glyphs for: {} (add a font that has them: --font FILE)",
                list.join(", ")
            ));
        }
        warnings
    }
}

/// The generic families as the embedded fonts (the font resolution maps
/// generics itself; this keeps usvg's per-character fallback in line).
fn set_generic_families(db: &mut usvg::fontdb::Database) {
    db.set_sans_serif_family(fonts::SANS_FAMILY);
    db.set_serif_family(fonts::SERIF_FAMILY);
    db.set_monospace_family(fonts::SANS_FAMILY);
    db.set_cursive_family(fonts::SANS_FAMILY);
    db.set_fantasy_family(fonts::SANS_FAMILY);
}

/// An 8-bit RGBA PNG of the pixmap (straight alpha, as PNG wants).
fn encode_png(
    pixmap: tiny_skia::Pixmap,
    compression: Compression,
) -> Result<Vec<u8>, png18::EncodingError> {
    let (width, height) = (pixmap.width(), pixmap.height());
    let rgba = demultiplied(pixmap.take());
    let mut out = Vec::with_capacity(rgba.len() / 8);
    let mut encoder = png18::Encoder::new(&mut out, width, height);
    encoder.set_color(png18::ColorType::Rgba);
    encoder.set_depth(png18::BitDepth::Eight);
    match compression {
        // fdeflate's fast mode with the Paeth filter on every row: on the
        // hexagon badge 37 % less encoding time than adaptive filtering (which
        // tries each filter on each row) for a file 2.8 % larger.
        Compression::Fast => {
            encoder.set_compression(png18::Compression::Fast);
            encoder.set_filter(png18::Filter::Paeth);
        }
        Compression::Small => encoder.set_compression(png18::Compression::Balanced),
    }
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgba)?;
    writer.finish()?;
    Ok(out)
}

/// Premultiplied RGBA to straight RGBA, in place, with the same rounding as
/// tiny-skia's `Pixmap::take_demultiplied` (so the same bytes). A badge is
/// mostly opaque or fully transparent pixels, which stay as they are;
/// tiny-skia's version converts every pixel through its colour types and
/// took about a tenth of a badge's render time.
fn demultiplied(mut rgba: Vec<u8>) -> Vec<u8> {
    for pixel in rgba.chunks_exact_mut(4) {
        if let [r, g, b, alpha @ 1..=254] = pixel {
            let a = f64::from(*alpha) / 255.0;
            for c in [r, g, b] {
                *c = (f64::from(*c) / a + 0.5) as u8;
            }
        }
    }
    rgba
}

/// Whether the face `id` maps `c` to a glyph.
fn face_has(fontdb: &usvg::fontdb::Database, id: usvg::fontdb::ID, c: char) -> bool {
    fontdb.with_face_data(id, |data, index| {
        ttf_parser::Face::parse(data, index).is_ok_and(|f| f.glyph_index(c).is_some())
    }) == Some(true)
}

/// The characters of every `<text>` in the source that no loaded font
/// has, once each, in order of appearance (usvg drops a text whose glyphs
/// are all missing, so its tree alone cannot tell).
fn missing_in_source(doc: &roxmltree::Document<'_>, fontdb: &usvg::fontdb::Database) -> Vec<char> {
    let mut missing: Vec<char> = Vec::new();
    let mut checked: Vec<char> = Vec::new();
    let in_text = |n: &roxmltree::Node<'_, '_>| {
        n.ancestors()
            .any(|a| a.is_element() && a.tag_name().name() == "text")
    };
    for node in doc.descendants().filter(|n| n.is_text() && in_text(n)) {
        for c in node.text().unwrap_or("").chars() {
            if c.is_whitespace() || c.is_control() || fonts::embedded_has(c) || checked.contains(&c)
            {
                continue;
            }
            checked.push(c);
            if !fontdb.faces().any(|f| face_has(fontdb, f.id, c)) {
                missing.push(c);
            }
        }
    }
    missing
}

/// The characters of the glyphs usvg laid out with glyph 0 (a font was
/// chosen but lacks the character), in order.
fn missing_in_tree(tree: &usvg::Tree) -> Vec<char> {
    let mut missing: Vec<char> = Vec::new();
    crate::walk::texts(tree, |text| {
        let glyphs = text.layouted().iter().flat_map(|s| &s.positioned_glyphs);
        for glyph in glyphs.filter(|g| g.id.0 == 0) {
            for c in glyph
                .text
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
            {
                if !missing.contains(&c) {
                    missing.push(c);
                }
            }
        }
    });
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    const HELLO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100"/><text x="10" y="60" font-size="40" fill="#fff" font-family="FAMILY">Hello</text></svg>"##;

    fn white(png: &[u8]) -> usize {
        let decoder = png::Decoder::new(png);
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        buf.chunks_exact(4).filter(|p| p[0] > 128).count()
    }

    #[test]
    fn demultiplied_matches_tiny_skia() {
        // Every premultiplied value of every alpha (a colour channel is at
        // most its alpha), against tiny-skia's own conversion.
        let mut pixmap = tiny_skia::Pixmap::new(256, 256).unwrap();
        for (i, pixel) in pixmap.pixels_mut().iter_mut().enumerate() {
            let (alpha, c) = ((i / 256) as u8, (i % 256) as u8);
            let c = c.min(alpha);
            *pixel =
                tiny_skia::PremultipliedColorU8::from_rgba(c, c / 2, alpha - c, alpha).unwrap();
        }
        let ours = demultiplied(pixmap.clone().take());
        assert_eq!(ours, pixmap.take_demultiplied());
    }

    #[test]
    fn generic_families_do_not_depend_on_the_database_settings() {
        // fontconfig can name generic families that are not installed;
        // loading the system fonts then points usvg's generics at nothing.
        let mut renderer = Renderer::new();
        let db = renderer.options.fontdb_mut();
        db.set_sans_serif_family("Not Installed Sans");
        db.set_serif_family("Not Installed Serif");
        for family in ["sans-serif", "serif", "Arial", "Helvetica, sans-serif"] {
            let rendered = renderer
                .render_png(&HELLO.replace("FAMILY", family), 200)
                .unwrap();
            assert!(white(&rendered.png) > 300, "{family}: no text drawn");
        }
    }
}
