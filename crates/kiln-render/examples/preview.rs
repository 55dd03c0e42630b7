//! Renders every shipped template with sample values into a folder:
//! `cargo run -p kiln-render --example preview -- OUT_DIR`.
use kiln_render::{Renderer, Template, Values};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "preview".into());
    std::fs::create_dir_all(&dir)?;
    let renderer = Renderer::new();
    let names = [
        ("short", "Ada Lovelace", "Rust Fundamentals"),
        (
            "long",
            "Maria Guadalupe Fernández de la Concepción Rodríguez",
            "Advanced Distributed Systems Engineering and Operations",
        ),
        ("greek", "Αικατερίνη Παπαδοπούλου", "Ασφάλεια Δικτύων"),
        ("cyrillic", "Ёлка Жукова-Щербакова", "Основы криптографии"),
        ("xml", "O'Brien & <Sons> \"Ltd\"", "R&D <Lead> 'Q&A'"),
    ];
    for (stem, svg) in kiln_render::templates::ALL {
        let t = Template::parse(svg)?;
        for (case, name, ach) in names {
            let mut v = Values::new();
            v.insert("recipient.name".into(), name.into());
            v.insert("achievement.name".into(), ach.into());
            v.insert("issuer.name".into(), "Kiln Academy of Craft".into());
            v.insert("date".into(), "28 November 2026".into());
            let filled = t.fill(&v)?;
            let r = renderer.render_png(&filled, 512)?;
            for w in &r.warnings {
                eprintln!("{stem}-{case}: {w}");
            }
            std::fs::write(format!("{dir}/{stem}-{case}.png"), r.png)?;
        }
    }
    Ok(())
}
