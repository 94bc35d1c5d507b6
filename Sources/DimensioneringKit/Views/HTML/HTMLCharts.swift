import Foundation

extension ViewsHTML {
    struct Bar {
        var label: String
        var value: Double
        /// The value as the reader sees it ("1,69", "+12").
        var text: String
        /// A colour group (e.g. the KKR), used when bars of several groups are shown together.
        var group: Int = 0
    }
    struct ReferenceLine {
        var label: String
        var value: Double
    }

    static let palette = ["#1f5fa8", "#2a8c6a", "#b0651c", "#7b4fa8", "#a8324a", "#4a6b82"]

    /// Horizontal bars sorted as given (largest first is the caller's choice), zero-based, with
    /// each bar's value written next to it and optional dashed reference lines (averages). Bars
    /// below zero go left of the axis (changes).
    static func bars(_ items: [Bar], reference: [ReferenceLine] = [], title: String, legend: [(String, Int)] = []) -> String {
        let rowH = 15.0, labelW = 175.0, valueW = 60.0, w = 760.0, top = reference.isEmpty ? 8.0 : 24.0
        let legendH = legend.isEmpty ? 0.0 : 22.0
        let h = top + Double(items.count) * rowH + 10 + legendH
        let lo = Swift.min(0, items.map(\.value).min() ?? 0, reference.map(\.value).min() ?? 0)
        let hi = Swift.max(0, items.map(\.value).max() ?? 0, reference.map(\.value).max() ?? 0)
        let span = hi - lo > 0 ? hi - lo : 1
        let x0 = labelW + (lo < 0 ? valueW : 0), x1 = w - valueW
        func x(_ v: Double) -> Double { x0 + (v - lo) / span * (x1 - x0) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var s = "<svg viewBox=\"0 0 \(Int(w)) \(Int(h.rounded(.up)))\" role=\"img\" aria-label=\"\(escape(title))\" font-family=\"system-ui,sans-serif\">"
        s += "<title>\(escape(title))</title>"
        let zero = x(0)
        for (i, it) in items.enumerated() {
            let y = top + Double(i) * rowH
            let a = x(Swift.min(0, it.value)), b = x(Swift.max(0, it.value))
            let colour = items.contains { $0.value < 0 } ? (it.value < 0 ? "#b42318" : "#1a7f37") : palette[it.group % palette.count]
            s += "<text x=\"\(f(labelW - 6))\" y=\"\(f(y + 12))\" font-size=\"11\" text-anchor=\"end\" fill=\"#1b1b1b\">\(escape(it.label))</text>"
            s += "<rect x=\"\(f(a))\" y=\"\(f(y + 2.5))\" width=\"\(f(Swift.max(b - a, 0.8)))\" height=\"\(f(rowH - 5))\" fill=\"\(colour)\"><title>\(escape(it.label)): \(escape(it.text))</title></rect>"
            let tx = it.value < 0 ? a - 4 : b + 4
            s += "<text x=\"\(f(tx))\" y=\"\(f(y + 12))\" font-size=\"10.5\" text-anchor=\"\(it.value < 0 ? "end" : "start")\" fill=\"#333\">\(escape(it.text))</text>"
        }
        let bottom = top + Double(items.count) * rowH
        s += "<line x1=\"\(f(zero))\" y1=\"\(f(top - 2))\" x2=\"\(f(zero))\" y2=\"\(f(bottom + 2))\" stroke=\"#444\" stroke-width=\"1\"/>"
        for (i, r) in reference.enumerated() {
            let rx = x(r.value)
            s += "<line x1=\"\(f(rx))\" y1=\"\(f(top - 4))\" x2=\"\(f(rx))\" y2=\"\(f(bottom + 2))\" stroke=\"#222\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>"
            s += "<text x=\"\(f(rx))\" y=\"\(f(top - 8 - Double(i) * 0))\" font-size=\"10.5\" text-anchor=\"\(rx > w * 0.7 ? "end" : "middle")\" fill=\"#222\">\(escape(r.label))</text>"
        }
        if !legend.isEmpty {
            var lx = labelW
            let ly = bottom + 12
            for (name, g) in legend {
                s += "<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"10\" height=\"10\" fill=\"\(palette[g % palette.count])\"/>"
                s += "<text x=\"\(f(lx + 14))\" y=\"\(f(ly + 9))\" font-size=\"10.5\" fill=\"#333\">\(escape(name))</text>"
                lx += 22 + Double(name.count) * 6.2
            }
        }
        return s + "</svg>"
    }

    static func figure(_ svg: String, caption: String) -> String {
        // The caption above the chart: printed, a chart never stands on a page without its heading.
        "<figure><figcaption class=\"head\">\(escape(caption))</figcaption>\(svg)</figure>\n"
    }
}
