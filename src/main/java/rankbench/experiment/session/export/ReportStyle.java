package rankbench.experiment.session.export;

/** The report's inline stylesheet (system fonts only: nothing is fetched). */
final class ReportStyle {

    private ReportStyle() {}

    static final String CSS = """
            :root { --fg:#1d232a; --muted:#5b6470; --line:#d9dee4; --bg:#ffffff; --panel:#f5f7f9;
                    --ok:#1a7f37; --warn:#9a6700; --bad:#cf222e; --fail:#82071e; --accent:#0b5cad; }
            * { box-sizing: border-box; }
            body { margin:0; background:var(--bg); color:var(--fg);
                   font:14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Roboto, sans-serif; }
            main { max-width:1360px; margin:0 auto; padding:24px 32px 48px; }
            header h1 { margin:2px 0 4px; font-size:26px; overflow-wrap:anywhere; }
            .kicker { margin:0; color:var(--accent); font-weight:600; text-transform:uppercase;
                      letter-spacing:.06em; font-size:12px; }
            .meta, .small, .note, .lead { color:var(--muted); }
            .small { font-size:12px; }
            .note { font-size:13px; }
            h2 { font-size:18px; margin:28px 0 8px; border-bottom:1px solid var(--line); padding-bottom:4px; }
            .cards { display:grid; grid-template-columns:repeat(auto-fit, minmax(300px, 1fr)); gap:16px; }
            .card { background:var(--panel); border:1px solid var(--line); border-radius:6px; padding:4px 16px 12px; }
            .card h2 { border:0; margin:10px 0 6px; font-size:15px; }
            dl { display:grid; grid-template-columns:max-content 1fr; gap:2px 12px; margin:0; }
            dt { color:var(--muted); }
            dd { margin:0; overflow-wrap:anywhere; }
            .scroll { overflow-x:auto; }
            table { border-collapse:collapse; font-size:13px; width:100%; }
            th, td { border-bottom:1px solid var(--line); padding:5px 6px; text-align:left; vertical-align:top; }
            thead th { background:var(--panel); font-weight:600; vertical-align:bottom; }
            th.group { text-align:center; border-bottom:2px solid var(--line); }
            th.val, td.val { background:#f1f7ff; }
            th.test, td.test { background:#fbf5ea; }
            thead th.val { background:#e3efff; }
            thead th.test { background:#f7ead2; }
            .num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
            thead th.num { white-space:normal; }
            td.name { font-family:ui-monospace, "DejaVu Sans Mono", monospace; white-space:nowrap; }
            td.label { min-width:150px; max-width:280px; overflow-wrap:break-word; }
            td.kind { white-space:nowrap; }
            table.ranks { width:auto; }
            table.ranks td, table.ranks th { padding:3px 10px; }
            td.dense { color:var(--muted); }
            .badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600;
                     color:#fff; }
            .badge.completed { background:var(--ok); }
            .badge.cancelled { background:var(--warn); }
            .badge.diverged { background:var(--bad); }
            .badge.failed { background:var(--fail); }
            .msg { font-size:12px; color:var(--muted); min-width:160px; max-width:280px; overflow-wrap:break-word; }
            tr.not-result td { background:#fff5f5; }
            tr.not-result td.name { box-shadow:inset 4px 0 0 var(--bad); }
            td.not-result-cell { color:var(--bad); font-style:italic; text-align:center; }
            details summary { cursor:pointer; color:var(--accent); white-space:nowrap; }
            dl.hp { font-size:12px; margin-top:4px; }
            .empty { color:var(--muted); font-style:italic; }
            svg.chart { display:block; width:100%; height:auto; margin:8px 0; font-size:12px; }
            svg .plot-area { fill:#fcfcfd; stroke:#b8c0c9; }
            svg .grid line { stroke:#e6e9ed; }
            svg .tick { fill:var(--muted); font-size:11px; }
            svg .axis-label { fill:var(--fg); font-size:13px; }
            svg .legend text { fill:var(--fg); font-size:12px; }
            svg .legend-title { font-weight:600; }
            svg .base-line { stroke:#8a939d; stroke-dasharray:5 4; stroke-width:1.2; }
            svg .base-label { fill:var(--muted); font-size:11px; }
            svg .front-line { fill:none; stroke:#1d232a; stroke-width:1.6; stroke-opacity:.55; }
            svg .front-ring { fill:none; stroke:#1d232a; stroke-width:1.4; stroke-opacity:.6; }
            svg .tune-line { stroke-width:1.2; stroke-opacity:.7; }
            svg .point-label { fill:var(--muted); font-size:11px; }
            svg .layer-label { fill:var(--fg); font-size:11px; font-family:ui-monospace, "DejaVu Sans Mono", monospace; }
            svg .full-rank { stroke:#1d232a; stroke-width:1.5; }
            svg .group-tick { stroke:#b8c0c9; }
            ul.legend { list-style:none; padding:0; margin:4px 0 12px; display:flex; flex-wrap:wrap; gap:4px 20px;
                        font-size:13px; }
            ul.legend .swatch { display:inline-block; width:12px; height:12px; margin-right:6px;
                                vertical-align:-1px; border-radius:2px; }
            svg .note { fill:var(--muted); font-size:11px; }
            footer { margin-top:32px; color:var(--muted); font-size:12px; border-top:1px solid var(--line);
                     padding-top:8px; }
            @media print { main { max-width:none; padding:0; } details { display:none; } }
            """;
}
