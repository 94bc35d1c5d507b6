import Foundation

/// A workbook as plain values: what `XLSXWriter.write` turns into an .xlsx file.
/// Nothing here touches libxlsxwriter; the same value always gives the same bytes.
public struct Workbook: Sendable, Equatable {
    public var sheets: [Sheet]
    public var properties: DocumentProperties

    public init(sheets: [Sheet], properties: DocumentProperties) {
        self.sheets = sheets
        self.properties = properties
    }
}

/// The document properties Excel shows under File → Info. `created` is an input, never "now":
/// it is written as both the created and the modified date, so the file is reproducible.
public struct DocumentProperties: Sendable, Equatable {
    public var title: String?
    public var subject: String?
    public var author: String?
    public var company: String?
    public var comments: String?
    /// Whole seconds are kept (the file stores seconds); must lie after 1970-01-01T00:00:00Z.
    public var created: Date

    public init(
        title: String? = nil, subject: String? = nil, author: String? = nil,
        company: String? = nil, comments: String? = nil, created: Date
    ) {
        self.title = title
        self.subject = subject
        self.author = author
        self.company = company
        self.comments = comments
        self.created = created
    }
}

/// One worksheet. `rows[r][c]` is the cell in row r, column c (0-based); rows may be ragged.
public struct Sheet: Sendable, Equatable {
    public var name: String
    /// Column settings by position; columns past the end keep Excel's default width.
    public var columns: [Column]
    public var rows: [[Cell]]
    /// Rows (from the top) and columns (from the left) that stay in view when scrolling.
    public var frozenRows: Int
    public var frozenColumns: Int
    /// A filter drop-down over this range (usually the header row down to the last data row).
    public var autofilter: CellRange?

    public init(
        name: String, columns: [Column] = [], rows: [[Cell]] = [],
        frozenRows: Int = 0, frozenColumns: Int = 0, autofilter: CellRange? = nil
    ) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.frozenRows = frozenRows
        self.frozenColumns = frozenColumns
        self.autofilter = autofilter
    }
}

public struct Column: Sendable, Equatable {
    /// Width in Excel's character units (0...255); nil keeps the default (8.43).
    public var width: Double?

    public init(width: Double?) { self.width = width }
}

/// A rectangle of cells, 0-based and inclusive at both ends.
public struct CellRange: Sendable, Equatable {
    public var firstRow: Int
    public var firstColumn: Int
    public var lastRow: Int
    public var lastColumn: Int

    public init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        self.firstRow = firstRow
        self.firstColumn = firstColumn
        self.lastRow = lastRow
        self.lastColumn = lastColumn
    }

    /// "A1:C10".
    public var reference: String {
        CellAddress.reference(row: firstRow, column: firstColumn) + ":"
            + CellAddress.reference(row: lastRow, column: lastColumn)
    }
}

public struct Cell: Sendable, Equatable {
    public var value: CellValue
    public var style: CellStyle

    public init(_ value: CellValue, style: CellStyle = .plain) {
        self.value = value
        self.style = style
    }

    public static func text(_ s: String, style: CellStyle = .plain) -> Cell { Cell(.text(s), style: style) }
    public static func integer(_ i: Int, style: CellStyle = .plain) -> Cell { Cell(.integer(i), style: style) }
    public static func number(_ d: Double, style: CellStyle = .plain) -> Cell { Cell(.number(d), style: style) }
    public static func decimal(_ d: Decimal, style: CellStyle = .plain) -> Cell { Cell(.decimal(d), style: style) }
    /// A formula such as `SUM(B2:B18)` (a leading `=` is optional) with the value it evaluates to,
    /// which readers that do not calculate (openpyxl, viewers, previews) show.
    public static func formula(_ f: String, cached: FormulaResult, style: CellStyle = .plain) -> Cell {
        Cell(.formula(f, cached: cached), style: style)
    }
    public static let empty = Cell(.empty)
}

public enum CellValue: Sendable, Equatable {
    case text(String)
    /// Stored as a number (Excel keeps IEEE doubles; 15 significant digits are shown).
    case number(Double)
    /// An exact decimal (e.g. a key share), stored as the nearest double.
    case decimal(Decimal)
    /// Stored as a number; |value| ≤ 2^53 so that it is exact in the file.
    case integer(Int)
    case formula(String, cached: FormulaResult)
    /// No value; written only when the style is not plain (e.g. a filled header cell).
    case empty
}

public enum FormulaResult: Sendable, Equatable {
    case number(Double)
    case text(String)
}

/// How a cell looks. Equal styles share one format record in the file.
public struct CellStyle: Sendable, Hashable {
    public enum Border: Sendable, Hashable { case thin, medium, double }
    public enum Alignment: Sendable, Hashable { case general, left, center, right }

    public var bold: Bool
    public var italic: Bool
    /// An Excel number format code (`#,##0`, `0.00%`, `#,##0.00`); Excel shows it with the
    /// reader's own separators, so `#,##0` reads 1.429 in a Danish Excel.
    public var numberFormat: String?
    /// Solid background as 0xRRGGBB.
    public var fill: UInt32?
    /// Font colour as 0xRRGGBB.
    public var fontColor: UInt32?
    public var topBorder: Border?
    public var bottomBorder: Border?
    public var alignment: Alignment
    public var wrap: Bool

    public init(
        bold: Bool = false, italic: Bool = false, numberFormat: String? = nil, fill: UInt32? = nil,
        fontColor: UInt32? = nil, topBorder: Border? = nil, bottomBorder: Border? = nil,
        alignment: Alignment = .general, wrap: Bool = false
    ) {
        self.bold = bold
        self.italic = italic
        self.numberFormat = numberFormat
        self.fill = fill
        self.fontColor = fontColor
        self.topBorder = topBorder
        self.bottomBorder = bottomBorder
        self.alignment = alignment
        self.wrap = wrap
    }

    public static let plain = CellStyle()
    /// Bold on a light grey fill with a line below: a table's header row.
    public static let header = CellStyle(bold: true, fill: 0xD9D9D9, bottomBorder: .thin, wrap: true)
    /// Bold with a line above: an "I alt" row.
    public static let total = CellStyle(bold: true, topBorder: .thin)
    /// Italic grey text: notes and sources under a table.
    public static let note = CellStyle(italic: true, fontColor: 0x595959)

    /// This style with a number format.
    public func format(_ code: String) -> CellStyle {
        var s = self
        s.numberFormat = code
        return s
    }
}

/// Number format codes used in the reports.
public enum NumberFormat {
    /// Whole numbers with thousands separators: 1.429 (Danish Excel), 1,429 (English).
    public static let integer = "#,##0"
    /// Two decimals with thousands separators.
    public static let decimal2 = "#,##0.00"
    /// A share as a percentage with two decimals (the cell holds 0.1234 → 12,34 %).
    public static let percent2 = "0.00%"
    /// A share as a percentage with four decimals (key shares of small municipalities).
    public static let percent4 = "0.0000%"
}

/// Excel's A1 notation.
public enum CellAddress {
    /// 0 → "A", 25 → "Z", 26 → "AA".
    public static func columnName(_ column: Int) -> String {
        var n = column + 1
        var letters: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.append(Character(UnicodeScalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    /// (0, 0) → "A1".
    public static func reference(row: Int, column: Int) -> String {
        columnName(column) + String(row + 1)
    }

    /// "B3" → (row 2, column 1); nil for anything else.
    public static func parse(_ ref: String) -> (row: Int, column: Int)? {
        var column = 0
        var digits = Substring("")
        var index = ref.startIndex
        var sawLetter = false
        while index < ref.endIndex, let a = ref[index].asciiValue, (65...90).contains(a & ~0x20) {
            column = column * 26 + Int((a & ~0x20) - 64)
            sawLetter = true
            if column > 1_000_000 { return nil }
            index = ref.index(after: index)
        }
        digits = ref[index...]
        // `$` absolute markers are not used in cell positions of the sheet XML.
        guard sawLetter, !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              digits.count <= 9, let row = Int(digits), row >= 1
        else { return nil }
        return (row - 1, column - 1)
    }
}
