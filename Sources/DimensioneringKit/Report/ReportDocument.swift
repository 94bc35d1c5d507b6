import Foundation

// One document per report: what a command says, as plain typed values. Every format renders it
// (text, Markdown, CSV, csv-da, and the title, answer, changes, notes and sources of JSON, HTML
// and xlsx) and computes nothing: a number appears in each format from the same value.
// The model is Pandoc's (one tree, many writers), kept small and typed.

/// A report: title, the answer first, facts, the changes made to the scenario, blocks (headings,
/// paragraphs, tables), notes and sources.
public struct ReportDocument: Sendable {
    public var title: String
    /// Said of the title when a change makes it stale ("changed with --set: …").
    public var titleMark: String?
    /// The answer, in one or two sentences.
    public var answer: [String]
    /// Label: value lines (scenario, method, selection, age data).
    public var facts: [ReportFact]
    /// The `--set` / `--variant` changes against the scenario files.
    public var changes: [ReportChange]
    public var blocks: [ReportBlock]
    public var notes: [String]
    public var sources: [String]
    public var lang: Language

    /// The tables, in order.
    public var tables: [ReportTable] { blocks.compactMap { if case .table(let t) = $0 { return t }; return nil } }
}

public struct ReportFact: Sendable, Equatable {
    public var label: String
    public var value: String
}

/// One change: the value path, the scenario's value and the value used.
public struct ReportChange: Sendable, Equatable {
    public var path: String
    public var from: String
    public var to: String
}

public enum ReportBlock: Sendable {
    case heading(level: Int, text: String)
    case paragraph(String)
    case table(ReportTable)
}

/// A table whose columns are typed: a total row only adds columns of places of one kind.
public struct ReportTable: Sendable {
    public struct Column: Sendable {
        public enum Kind: Sendable, Equatable {
            case code, label, text
            /// Places of one education (its id) and kind.
            case places(education: String, kind: PlaceKind)
            /// A row's sum over the places columns of this kind.
            case total(PlaceKind)
            /// A share in percent, with this many decimals.
            case percent(decimals: Int)
            /// An exact number with this many decimals (e.g. a quota before rounding).
            case decimal(decimals: Int)
            /// A change in places (signed).
            case change
            /// A count that is not places (inhabitants).
            case count
        }
        public var header: String
        /// The machine name (English CSV headers, JSON keys).
        public var key: String
        public var kind: Kind
        public var isNumeric: Bool {
            switch kind { case .code, .label, .text: return false; default: return true }
        }
    }
    public struct Row: Sendable {
        public enum Kind: String, Sendable { case item = "municipality", region, subtotal = "kkr_total", total, unit }
        public var kind: Kind
        public var cells: [ReportCell]
        public var isSum: Bool { kind == .subtotal || kind == .total }
    }
    /// Identifies the table across formats (a sheet name, a CSV file); tables of one `group` with
    /// the same columns go into one CSV with a year column.
    public var id: String
    public var group: String
    public var year: String
    public var title: String?
    public var columns: [Column]
    public var rows: [Row]
    public var footnotes: [String] = []
}

public enum ReportCell: Sendable, Equatable {
    case text(String)
    case int(Int)
    /// A change: shown with its sign.
    case signed(Int)
    case decimal(Rational, decimals: Int)
    /// A number with a mark after it (e.g. "12*": a floor that binds).
    case marked(Int, mark: String)
    /// No value in this cell (shown as a dash in text, empty in CSV).
    case none
    case empty
}

/// Numbers as every text format shows them: one format per language. Danish: 1.234 and 2,50 and
/// the minus sign −; English: 1,234 and 2.50 and -.
public struct ReportNumbers: Sendable {
    public var lang: Language
    public init(_ lang: Language) { self.lang = lang }

    public func int(_ n: Int) -> String { PlanFormat.int(n, lang) }
    public func signed(_ n: Int) -> String { n > 0 ? "+" + int(n) : n == 0 ? "0" : int(n) }
    public func decimal(_ r: Rational, _ places: Int) -> String { PlanFormat.decimal(r, places, lang) }

    /// A cell as text ("–" for none).
    public func text(_ c: ReportCell, _ kind: ReportTable.Column.Kind) -> String {
        switch c {
        case .text(let s): return s
        case .int(let n):
            if case .percent = kind { return int(n) }
            return int(n)
        case .signed(let n): return signed(n)
        case .decimal(let r, let d): return decimal(r, d)
        case .marked(let n, let m): return int(n) + m
        case .none: return "–"
        case .empty: return ""
        }
    }

    /// A cell as a CSV field: plain digits, a decimal comma in Danish, no thousands separator.
    public func csv(_ c: ReportCell) -> CSVWriter.Cell {
        switch c {
        case .text(let s): return .text(s)
        case .int(let n), .marked(let n, _): return .number(String(n))
        case .signed(let n): return .number(String(n))
        case .decimal(let r, let d): return .number(r.decimalString(places: d))
        case .none, .empty: return .number("")
        }
    }
}
