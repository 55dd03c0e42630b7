//! Bounds on what the renderer accepts, with safe defaults.

/// Bounds on template size, values and output size. Nothing is unlimited.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest template or SVG accepted, in bytes. Default: 4 MiB.
    pub max_svg_bytes: usize,
    /// Most XML nodes in a template or an SVG to render. Default: 200 000.
    pub max_svg_nodes: u32,
    /// Longest placeholder value, in characters. Default: 2 000.
    pub max_value_chars: usize,
    /// Widest PNG, in pixels. Default: 4 096.
    pub max_width: u32,
    /// Most pixels in a PNG (width times height). Default: 4 096 × 4 096.
    pub max_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_svg_bytes: 4 * 1024 * 1024,
            max_svg_nodes: 200_000,
            max_value_chars: 2_000,
            max_width: 4_096,
            max_pixels: 4_096 * 4_096,
        }
    }
}
