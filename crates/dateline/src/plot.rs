//! Line charts of series over periods (SVG), for trends and leading entities.
use std::path::Path;

use anyhow::{bail, Context, Result};
use plotters::prelude::*;

/// One line: its label and one value per period.
pub struct Series {
    /// Legend label.
    pub label: String,
    /// Values, one per period (same length as the periods).
    pub values: Vec<f64>,
}

/// Colour-blind-safe palette (Okabe–Ito), then repeats.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
    RGBColor(240, 228, 66),
];

/// Draws `series` over `labels` (one x position per period) into an SVG file.
pub fn line_chart(
    path: &Path,
    title: &str,
    y_label: &str,
    labels: &[String],
    series: &[Series],
) -> Result<()> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("svg") => {}
        Some(other) => bail!(
            "cannot draw `.{other}` files: use a `.svg` file name (SVG pastes into documents and converts to PNG or PDF with any vector tool)"
        ),
        None => bail!("the plot file needs the extension `.svg`"),
    }
    if labels.is_empty() {
        bail!("nothing to plot: no periods in range");
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 540)).into_drawing_area();
        root.fill(&WHITE)?;
        let ymax = series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .filter(|v| v.is_finite())
            .fold(0.0_f64, f64::max);
        let ymax = if ymax <= 0.0 { 1.0 } else { ymax * 1.08 };
        let n = labels.len();
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(64)
            .build_cartesian_2d(0f64..(n.max(2) - 1) as f64, 0f64..ymax)?;
        let step = n.div_ceil(12).max(1);
        let lbl = labels.to_vec();
        chart
            .configure_mesh()
            .x_desc("period")
            .y_desc(y_label)
            .x_labels(n.min(200))
            .x_label_formatter(&|x: &f64| {
                let i = x.round() as usize;
                if (x - x.round()).abs() < 1e-6 && i < lbl.len() && i % step == 0 {
                    lbl[i].clone()
                } else {
                    String::new()
                }
            })
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        for (k, s) in series.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            let pts: Vec<(f64, f64)> = s
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| (i as f64, if v.is_finite() { *v } else { 0.0 }))
                .collect();
            chart
                .draw_series(LineSeries::new(pts.clone(), color.stroke_width(2)))?
                .label(s.label.clone())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3))
                });
            if n <= 60 {
                chart.draw_series(pts.iter().map(|p| Circle::new(*p, 3, color.filled())))?;
            }
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .draw()?;
        root.present()?;
    }
    dateline_tables::atomic_write(path, |w| {
        use std::io::Write;
        w.write_all(svg.as_bytes())
            .map_err(|source| dateline_tables::TablesError::Io {
                action: "write",
                path: path.to_path_buf(),
                source,
            })
    })
    .with_context(|| format!("cannot write the chart `{}`", path.display()))?;
    Ok(())
}
