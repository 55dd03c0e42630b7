//! Many rows of one template: the fixed artwork drawn once.
//!
//! A [`Batch`] draws the template's fixed head (the top-level elements
//! before the first one that holds a placeholder, see
//! [`template`](crate::template)'s `head` rules) once, with everything after
//! it moved into a `<defs>` (so that references and styles resolve as in the
//! whole SVG, but nothing of it is drawn). Each row is then filled, its head
//! moved into a `<defs>` in the same way, and drawn onto a copy of that
//! canvas: resvg draws the root's children one after the other onto one
//! canvas, so the pixels are those of a whole render (a test compares them
//! byte for byte on every shipped template and on design-tool exports).
//! Templates without a usable head are drawn whole for every row.

use resvg::tiny_skia;

use crate::render::{Found, draw};
use crate::xml::{self, Input};
use crate::{Error, Rendered, Renderer, Template, Values};

/// One template rendered for many rows at one width, its fixed artwork
/// drawn once. Made by [`Renderer::batch`]; `Send + Sync`, so worker
/// threads can share it.
#[derive(Debug)]
pub struct Batch<'a> {
    renderer: &'a Renderer,
    template: &'a Template,
    width: u32,
    head: Option<Drawn>,
}

/// The head drawn, and what its tree had to warn about.
#[derive(Debug)]
struct Drawn {
    pixmap: tiny_skia::Pixmap,
    found: Found,
}

impl Renderer {
    /// Prepares `template` for rendering many rows `width` pixels wide:
    /// its fixed artwork is drawn now, once. [`Batch::render`] then gives
    /// the same PNG as [`Renderer::render_template`] for each row.
    ///
    /// Fails only on a width the renderer refuses; a template whose head
    /// cannot be drawn apart is drawn whole for each row.
    pub fn batch<'a>(&'a self, template: &'a Template, width: u32) -> Result<Batch<'a>, Error> {
        self.check_input("", width)?;
        let head = template
            .head()
            .and_then(|marked| self.draw_head(&marked.head_svg, width).ok());
        Ok(Batch {
            renderer: self,
            template,
            width,
            head,
        })
    }

    fn draw_head(&self, svg: &str, width: u32) -> Result<Drawn, Error> {
        self.check_input(svg, width)?;
        let text = xml::checked_text(svg, Input::Svg)?;
        let doc = xml::parse(&text, self.limits().max_svg_nodes, Input::Svg)?;
        let tree = self.tree(&doc)?;
        let mut pixmap = self.canvas(&tree, width)?;
        draw(&tree, width, &mut pixmap);
        let found = Found::of_tree(&tree, self.fontdb());
        Ok(Drawn { pixmap, found })
    }
}

impl Batch<'_> {
    /// Whether the template's fixed artwork is drawn once (`false`: every
    /// row is drawn whole).
    pub fn reuses_artwork(&self) -> bool {
        self.head.is_some()
    }

    /// Fills the template with `values` and renders it: the same bytes and
    /// warnings as [`Renderer::render_template`] (the warnings may come in
    /// another order).
    pub fn render(&self, values: &Values) -> Result<Rendered, Error> {
        let Some(head) = &self.head else {
            return self
                .renderer
                .render_template(self.template, values, self.width);
        };
        let (svg, [open, varying]) = self.template.fill_marked(values)?;
        let renderer = self.renderer;
        renderer.check_input(&svg, self.width)?;
        let (Some(before), Some(fixed), Some(after)) =
            (svg.get(..open), svg.get(open..varying), svg.get(varying..))
        else {
            return renderer.render_png(&svg, self.width);
        };
        let rest = format!("{before}<defs>{fixed}</defs>{after}");
        let text = xml::checked_text(&rest, Input::Svg)?;
        let doc = xml::parse(&text, renderer.limits().max_svg_nodes, Input::Svg)?;
        let tree = renderer.tree(&doc)?;
        let mut pixmap = head.pixmap.clone();
        if renderer.height(&tree, self.width)? != pixmap.height() {
            return renderer.render_png(&svg, self.width);
        }
        draw(&tree, self.width, &mut pixmap);
        let png = renderer.encode(pixmap)?;
        let found = Found::over_head(&head.found, &doc, &tree, renderer.fontdb());
        Ok(Rendered {
            png,
            warnings: found.warnings(),
        })
    }
}
