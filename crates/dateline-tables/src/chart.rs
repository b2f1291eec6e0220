//! Line charts of series over periods (SVG or PNG), for trends and leading entities: a title and
//! size of the caller's choosing, ticks at round dates (years, or every 2, 5, 10 … years, or
//! months within a year) with one grid line each, the Okabe–Ito palette (legible to
//! colour-blind readers).
use std::path::Path;

use chrono::Datelike;
use dateline_core::Period;
use plotters::prelude::*;

use crate::TablesError;

/// A chart that cannot be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The file name names no format dateline draws.
    #[error("cannot draw `{0}`: use a `.svg` or `.png` file name")]
    Format(String),
    /// No period to draw.
    #[error("nothing to plot: no periods in range")]
    Empty,
    /// A size that is not `WIDTHxHEIGHT` in 200..=4000 pixels.
    #[error("bad chart size `{0}`: expected WIDTHxHEIGHT, each 200 to 4000 (960x540)")]
    Size(String),
    /// plotters failed.
    #[error("cannot draw the chart: {0}")]
    Draw(String),
    /// The file could not be written.
    #[error("cannot write the chart `{path}`")]
    Write {
        /// The chart.
        path: std::path::PathBuf,
        /// The cause.
        #[source]
        source: TablesError,
    },
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Draw(e.to_string())
    }
}

/// What a chart looks like: its title and size in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartStyle {
    /// The title above the chart.
    pub title: String,
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// Documents per period, drawn as a panel under the chart (the corpus' volume, against
    /// which a rise in counts is read); `None`: no panel.
    pub volume: Option<Vec<u64>>,
}

impl ChartStyle {
    /// `title` at the default size, 960 × 540.
    pub fn titled(title: &str) -> Self {
        ChartStyle {
            title: title.to_string(),
            size: (960, 540),
            volume: None,
        }
    }
}

/// Parses `WIDTHxHEIGHT` (`1200x600`).
pub fn parse_size(s: &str) -> Result<(u32, u32), ChartError> {
    let bad = || ChartError::Size(s.to_string());
    let (w, h) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (u32, u32) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if !(200..=4000).contains(&w) || !(200..=4000).contains(&h) {
        return Err(bad());
    }
    Ok((w, h))
}

/// The periods that get a tick and their labels: every period when there are at most 12;
/// else the first period of every year (or of every 2, 5, 10, 20 or 50 years: years divisible
/// by that step), labelled by the year; within a year or two, the first period of every month
/// (or of every 2, 3 or 6 months).
pub fn ticks(periods: &[Period]) -> Vec<(usize, String)> {
    ticks_upto(periods, 12)
}

/// [`ticks`] with at most `max` ticks.
fn ticks_upto(periods: &[Period], max: usize) -> Vec<(usize, String)> {
    let max = max.max(2);
    if periods.len() <= max {
        return periods
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.label.clone()))
            .collect();
    }
    let firsts = |key: &dyn Fn(&Period) -> i32| -> Vec<usize> {
        (0..periods.len())
            .filter(|&i| i == 0 || key(&periods[i]) != key(&periods[i - 1]))
            .collect()
    };
    let years = firsts(&|p: &Period| p.start.year());
    if years.len() >= 3 {
        for step in [1, 2, 5, 10, 20, 50, 100] {
            let kept: Vec<usize> = years
                .iter()
                .copied()
                .filter(|&i| periods[i].start.year() % step == 0)
                .collect();
            if kept.len() <= max && !kept.is_empty() {
                return kept
                    .into_iter()
                    .map(|i| (i, periods[i].start.year().to_string()))
                    .collect();
            }
        }
    }
    let months = firsts(&|p: &Period| p.start.year() * 12 + p.start.month0() as i32);
    for step in [1, 2, 3, 6, 12] {
        let kept: Vec<usize> = months
            .iter()
            .copied()
            .filter(|&i| periods[i].start.month0() % step == 0)
            .collect();
        if kept.len() <= max && !kept.is_empty() {
            return kept
                .into_iter()
                .map(|i| (i, periods[i].start.format("%Y-%m").to_string()))
                .collect();
        }
    }
    let step = periods.len().div_ceil(max);
    (0..periods.len())
        .step_by(step)
        .map(|i| (i, periods[i].label.clone()))
        .collect()
}

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

/// More series than this are drawn as small multiples, one panel each.
pub const MAX_LINES: usize = 5;

type Area<DB> = DrawingArea<DB, plotters::coord::Shift>;

/// The font PNG charts draw with (SVG charts name `sans-serif` and use the reader's).
static FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// Registers [`FONT`] as plotters' `sans-serif`, once.
fn register_font() -> Result<(), ChartError> {
    static DONE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, FONT).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(ChartError::Draw("the built-in font cannot be read".into()))
    }
}

/// The documents of each period as bars.
fn draw_volume<DB: DrawingBackend>(
    area: &Area<DB>,
    periods: &[Period],
    ticks: &[(usize, String)],
    docs: &[u64],
) -> Result<(), ChartError> {
    let n = periods.len();
    let ymax = docs.iter().copied().max().unwrap_or(0).max(1) as f64 * 1.08;
    let mut chart = ChartBuilder::on(area)
        .margin(16)
        .margin_top(4)
        .x_label_area_size(36)
        .y_label_area_size(64)
        // The line chart's x scale, so that each bar stands under its period.
        .build_cartesian_2d(0f64..(n.max(2) - 1) as f64, 0f64..ymax)?;
    let labels: std::collections::BTreeMap<usize, String> = ticks.iter().cloned().collect();
    let label_of = |x: &f64| {
        if (x - x.round()).abs() < 1e-6 {
            labels
                .get(&(x.round() as usize))
                .cloned()
                .unwrap_or_default()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .x_labels(n.max(2))
        .y_labels(3)
        .disable_x_mesh()
        .set_tick_mark_size(LabelAreaPosition::Bottom, 0)
        .x_label_formatter(&label_of)
        .y_desc("documents")
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.12))
        .draw()?;
    let grey = RGBColor(120, 120, 120);
    chart.draw_series(docs.iter().enumerate().take(n).map(|(i, &d)| {
        let x = i as f64;
        Rectangle::new(
            [(x - 0.4, 0.0), (x + 0.4, d as f64)],
            grey.mix(0.7).filled(),
        )
    }))?;
    Ok(())
}

/// One chart of `series` (with their palette index) on `area`.
#[allow(clippy::too_many_arguments)]
fn draw_panel<DB: DrawingBackend>(
    area: &Area<DB>,
    caption: (&str, u32),
    y_label: &str,
    periods: &[Period],
    ticks: &[(usize, String)],
    series: &[(usize, &Series)],
    ymax: f64,
    legend: bool,
) -> Result<(), ChartError> {
    let n = periods.len();
    let xmax = (n.max(2) - 1) as f64;
    let small = !legend;
    let mut chart = ChartBuilder::on(area)
        .caption(caption.0, ("sans-serif", caption.1))
        .margin(if small { 8 } else { 16 })
        .x_label_area_size(if small { 28 } else { 56 })
        .y_label_area_size(if small { 48 } else { 64 })
        .build_cartesian_2d(0f64..xmax, 0f64..ymax)?;
    // Labels only at the ticks (the x key points are the periods), one grid line each.
    let labels: std::collections::BTreeMap<usize, String> = ticks.iter().cloned().collect();
    let label_of = |x: &f64| {
        if (x - x.round()).abs() < 1e-6 {
            labels
                .get(&(x.round() as usize))
                .cloned()
                .unwrap_or_default()
        } else {
            String::new()
        }
    };
    let mut mesh = chart.configure_mesh();
    mesh.x_labels(n.max(2))
        .y_labels(if small { 4 } else { 8 })
        .disable_x_mesh()
        .set_tick_mark_size(LabelAreaPosition::Bottom, 0)
        .x_label_formatter(&label_of)
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.12));
    if !small {
        mesh.x_desc("period").y_desc(y_label);
    }
    mesh.draw()?;
    for (i, _) in ticks {
        let x = *i as f64;
        chart.draw_series(LineSeries::new([(x, 0.0), (x, ymax)], BLACK.mix(0.12)))?;
    }
    for &(k, s) in series {
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
    if legend {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .draw()?;
    }
    Ok(())
}

/// The whole chart on `root`: one panel (or small multiples), and the volume panel.
fn draw_all<DB: DrawingBackend>(
    root: &Area<DB>,
    style: &ChartStyle,
    y_label: &str,
    periods: &[Period],
    series: &[Series],
    ymax: f64,
) -> Result<(), ChartError> {
    root.fill(&WHITE)?;
    let all: Vec<(usize, &Series)> = series.iter().enumerate().collect();
    let root = match &style.volume {
        Some(docs) => {
            let (top, bottom) = root.split_vertically(style.size.1 * 3 / 4);
            draw_volume(
                &bottom,
                periods,
                &ticks_upto(periods, style.size.0 as usize / 80),
                docs,
            )?;
            top
        }
        None => root.clone(),
    };
    if series.len() <= MAX_LINES {
        let t = ticks(periods);
        draw_panel(
            &root,
            (&style.title, 22),
            y_label,
            periods,
            &t,
            &all,
            ymax,
            true,
        )?;
    } else {
        // Small multiples: one panel per series, on one y scale.
        let area = root.titled(&style.title, ("sans-serif", 22))?;
        // The panels' common y axis, said once under the title.
        let area = area.titled(y_label, ("sans-serif", 14))?;
        let cols = if series.len() <= 8 { 2 } else { 3 };
        let rows = series.len().div_ceil(cols);
        let panel_width = style.size.0 as usize / cols;
        let t = ticks_upto(periods, panel_width / 90);
        for (panel, one) in area.split_evenly((rows, cols)).iter().zip(&all) {
            let label = one.1.label.as_str();
            draw_panel(
                panel,
                (label, 15),
                y_label,
                periods,
                &t,
                std::slice::from_ref(one),
                ymax,
                false,
            )?;
        }
    }
    Ok(())
}

/// Draws `series` over `periods` (one x position per period) into an SVG or PNG file (by
/// its extension; PNG with the built-in DejaVu Sans), replaced atomically.
pub fn line_chart(
    path: &Path,
    style: &ChartStyle,
    y_label: &str,
    periods: &[Period],
    series: &[Series],
) -> Result<(), ChartError> {
    let png = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("svg") => false,
        Some(e) if e.eq_ignore_ascii_case("png") => true,
        _ => return Err(ChartError::Format(path.display().to_string())),
    };
    if periods.is_empty() {
        return Err(ChartError::Empty);
    }
    let ymax = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let ymax = if ymax <= 0.0 { 1.0 } else { ymax * 1.08 };
    // plotters measures text with this font in SVG too (ab_glyph).
    register_font()?;
    let bytes = if png {
        let (w, h) = style.size;
        let mut buf = vec![0u8; w as usize * h as usize * 3];
        {
            let root = BitMapBackend::with_buffer(&mut buf, style.size).into_drawing_area();
            draw_all(&root, style, y_label, periods, series, ymax)?;
            root.present()?;
        }
        let img = image::RgbImage::from_raw(w, h, buf)
            .ok_or_else(|| ChartError::Draw("bad buffer".into()))?;
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png)
            .map_err(|e| ChartError::Draw(e.to_string()))?;
        out.into_inner()
    } else {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, style.size).into_drawing_area();
            draw_all(&root, style, y_label, periods, series, ymax)?;
            root.present()?;
        }
        svg.into_bytes()
    };
    crate::atomic_write(path, |w| {
        use std::io::Write;
        w.write_all(&bytes).map_err(|source| TablesError::Io {
            action: "write",
            path: path.to_path_buf(),
            source,
        })
    })
    .map_err(|source| ChartError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_core::{By, PeriodIndex};

    fn periods(by: By, from: &str, to: &str) -> Vec<Period> {
        PeriodIndex::new(by, from.parse().unwrap(), to.parse().unwrap())
            .periods()
            .to_vec()
    }

    #[test]
    fn ticks_fall_on_round_dates() {
        // 1997-01..2018-12 by month: 22 years, too many; every 2nd year from 1998.
        let t = ticks(&periods(By::Month, "1997-01-01", "2018-12-31"));
        let labels: Vec<&str> = t.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            labels,
            [
                "1998", "2000", "2002", "2004", "2006", "2008", "2010", "2012", "2014", "2016",
                "2018"
            ]
        );
        assert_eq!(t[0].0, 12, "January 1998 is the 13th month");
        // 2017-03..2019-04 by month: years 2017, 2018, 2019 at their first month present.
        let t = ticks(&periods(By::Month, "2017-03-01", "2019-04-30"));
        assert_eq!(
            t,
            [
                (0, "2017".to_string()),
                (10, "2018".to_string()),
                (22, "2019".to_string())
            ]
        );
        // One year by week: months, every 2nd (January, March, …).
        let t = ticks(&periods(By::Week, "2018-01-01", "2018-12-31"));
        assert!(
            t.len() <= 12 && t.iter().all(|(_, l)| l.starts_with("2018-")),
            "{t:?}"
        );
        // Few periods: every one, labelled as the tables label it.
        let t = ticks(&periods(By::Quarter, "2018-01-01", "2018-12-31"));
        assert_eq!(
            t.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(),
            ["2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4"]
        );
    }

    #[test]
    fn more_than_five_series_are_small_multiples_on_one_scale() {
        let dir = tempfile::tempdir().unwrap();
        let p = periods(By::Month, "2010-01-01", "2018-12-31");
        let series: Vec<Series> = (0..7)
            .map(|k| Series {
                label: format!("query {k}"),
                values: (0..p.len()).map(|i| (i * (k + 1)) as f64).collect(),
            })
            .collect();
        let svg = dir.path().join("m.svg");
        line_chart(
            &svg,
            &ChartStyle::titled("Seven"),
            "per 10,000 tokens",
            &p,
            &series,
        )
        .unwrap();
        let text = std::fs::read_to_string(&svg).unwrap();
        for k in 0..7 {
            assert_eq!(
                text.matches(&format!("\nquery {k}\n")).count(),
                1,
                "one panel title each"
            );
        }
        let five = &series[..5];
        line_chart(&svg, &ChartStyle::titled("Five"), "y", &p, five).unwrap();
        let text = std::fs::read_to_string(&svg).unwrap();
        // Five or fewer: one chart with a legend.
        assert!(text.contains("\nquery 4\n") && !text.contains("\nquery 5\n"));
    }

    #[test]
    fn sizes_and_formats_are_checked() {
        assert_eq!(parse_size("1200x600").unwrap(), (1200, 600));
        assert!(parse_size("12x600").is_err() && parse_size("wide").is_err());
        let dir = tempfile::tempdir().unwrap();
        let p = periods(By::Year, "2017-01-01", "2018-12-31");
        let s = [Series {
            label: "a".into(),
            values: vec![1.0, 2.0],
        }];
        let e = line_chart(
            &dir.path().join("x.jpg"),
            &ChartStyle::titled("t"),
            "y",
            &p,
            &s,
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("cannot draw `"), "{e}");
        // PNG: the same bytes twice (the built-in font, no system font).
        let (a, b) = (dir.path().join("a.png"), dir.path().join("b.png"));
        line_chart(&a, &ChartStyle::titled("t"), "y", &p, &s).unwrap();
        line_chart(&b, &ChartStyle::titled("t"), "y", &p, &s).unwrap();
        let png = std::fs::read(&a).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(png, std::fs::read(&b).unwrap());
        let svg = dir.path().join("x.svg");
        line_chart(
            &svg,
            &ChartStyle {
                title: "Sanctions & summits".into(),
                size: (800, 400),
                volume: Some(vec![3, 5]),
            },
            "y",
            &p,
            &s,
        )
        .unwrap();
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(
            text.contains("width=\"800\"") && text.contains("Sanctions &amp; summits"),
            "{}",
            &text[..200]
        );
    }
}
