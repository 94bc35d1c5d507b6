import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Why an .xlsx input could not be read.
public enum XLSXReadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not a zip archive holding an Office Open XML spreadsheet.
    case notAWorkbook(path: String)
    case missingPart(path: String, part: String)
    case sheetNotFound(path: String, sheet: String, available: [String])
    /// The workbook has no sheets.
    case noSheets(path: String)
    case malformedXML(path: String, part: String, line: Int, message: String)
    /// A part larger than `XLSXReader.maxPartSize` once uncompressed.
    case partTooLarge(path: String, part: String, size: UInt64)
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case let .notAWorkbook(path):
            return "\(path): not an Excel workbook (.xlsx)"
        case let .missingPart(path, part):
            return "\(path): damaged workbook, \(part) is missing"
        case let .sheetNotFound(path, sheet, available):
            return "\(path): no sheet named '\(sheet)' (sheets: \(available.joined(separator: ", ")))"
        case let .noSheets(path):
            return "\(path): the workbook has no sheets"
        case let .malformedXML(path, part, line, message):
            return "\(path): damaged workbook, \(part) line \(line): \(message)"
        case let .partTooLarge(path, part, size):
            return "\(path): \(part) is \(size) bytes uncompressed; at most \(XLSXReader.maxPartSize) are read"
        case let .io(path, message):
            return "\(path): \(message)"
        }
    }
}

/// Reads the cells of an .xlsx workbook as text, so a table exported from Excel, StatBank or KL
/// can be read where a CSV file is expected.
///
/// Every cell comes back as the text stored in the file: shared and inline strings as they are,
/// numbers as their stored digits (`1000`, `0.25`, `1.5E-3`; no display format applied, so a date
/// is its serial number), booleans as `TRUE`/`FALSE`, formulas as their cached result.
/// Rows keep their position (an empty row in between is `[]`); a row ends at its last cell.
public enum XLSXReader {
    /// Parts larger than this (uncompressed) are refused rather than inflated into memory.
    public static let maxPartSize: UInt64 = 256 << 20

    /// True when `path` is a zip archive (`PK\u{3}\u{4}`) whose `[Content_Types].xml` declares a
    /// spreadsheet: an .xlsx/.xlsm workbook, not a .docx or some other zip. Never throws.
    public static func isWorkbook(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        try? handle.close()
        guard magic == Data([0x50, 0x4B, 0x03, 0x04]) else { return false }
        guard let archive = try? Archive(url: URL(fileURLWithPath: path), accessMode: .read, pathEncoding: nil),
              let entry = archive["[Content_Types].xml"], entry.uncompressedSize < 1 << 20,
              let data = try? extract(entry, from: archive, path: path),
              let text = String(data: data, encoding: .utf8)
        else { return false }
        return text.contains("spreadsheetml") || text.contains("ms-excel")
    }

    /// The sheet names in workbook order.
    public static func sheetNames(_ path: String) throws -> [String] {
        try Package(path: path).sheets.map(\.name)
    }

    /// The first sheet's rows.
    public static func readFirstSheet(_ path: String) throws -> [[String]] {
        let package = try Package(path: path)
        guard let first = package.sheets.first else { throw XLSXReadError.noSheets(path: path) }
        return try package.rows(of: first)
    }

    /// The rows of the sheet called `name` (compared ignoring case, as Excel does).
    public static func readSheet(named name: String, _ path: String) throws -> [[String]] {
        let package = try Package(path: path)
        guard let sheet = package.sheets.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw XLSXReadError.sheetNotFound(path: path, sheet: name, available: package.sheets.map(\.name))
        }
        return try package.rows(of: sheet)
    }

    // MARK: - Parts

    fileprivate static func extract(_ entry: Entry, from archive: Archive, path: String) throws -> Data {
        guard entry.uncompressedSize <= maxPartSize else {
            throw XLSXReadError.partTooLarge(path: path, part: entry.path, size: entry.uncompressedSize)
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if UInt64(data.count) > maxPartSize {
                    throw XLSXReadError.partTooLarge(path: path, part: entry.path, size: UInt64(data.count))
                }
            }
        } catch let error as XLSXReadError {
            throw error
        } catch {
            throw XLSXReadError.io(path: path, message: "cannot unpack \(entry.path): \(error)")
        }
        return data
    }

    private struct SheetRef {
        let name: String
        let part: String
    }

    /// The parts needed to read sheets: the workbook's sheet list and the shared strings.
    private struct Package {
        let path: String
        let archive: Archive
        let sheets: [SheetRef]

        init(path: String) throws {
            self.path = path
            guard FileManager.default.fileExists(atPath: path) else {
                throw XLSXReadError.io(path: path, message: "no such file")
            }
            guard XLSXReader.isWorkbook(path),
                  let archive = try? Archive(url: URL(fileURLWithPath: path), accessMode: .read, pathEncoding: nil)
            else { throw XLSXReadError.notAWorkbook(path: path) }
            self.archive = archive
            // _rels/.rels names the workbook part (xl/workbook.xml in every file seen in practice).
            var workbookPart = "xl/workbook.xml"
            if let rels = try Self.optionalPart("_rels/.rels", archive, path) {
                let relations = try Relationships.parse(rels, part: "_rels/.rels", path: path)
                if let target = relations.first(where: { $0.type.hasSuffix("/officeDocument") })?.target {
                    workbookPart = Self.resolve(target, relativeTo: "")
                }
            }
            guard let workbookXML = try Self.optionalPart(workbookPart, archive, path) else {
                throw XLSXReadError.missingPart(path: path, part: workbookPart)
            }
            let folder = (workbookPart as NSString).deletingLastPathComponent
            let relsPart = folder + "/_rels/" + (workbookPart as NSString).lastPathComponent + ".rels"
            guard let relsXML = try Self.optionalPart(relsPart, archive, path) else {
                throw XLSXReadError.missingPart(path: path, part: relsPart)
            }
            let targets = Dictionary(
                try Relationships.parse(relsXML, part: relsPart, path: path).map { ($0.id, $0.target) },
                uniquingKeysWith: { first, _ in first })
            let entries = try SheetList.parse(workbookXML, part: workbookPart, path: path)
            self.sheets = try entries.map { entry in
                guard let target = targets[entry.relationship] else {
                    throw XLSXReadError.missingPart(path: path, part: "relationship \(entry.relationship) of \(workbookPart)")
                }
                return SheetRef(name: entry.name, part: Self.resolve(target, relativeTo: folder))
            }
            self.sharedStringsPart = targets.values.first { $0.lowercased().hasSuffix("sharedstrings.xml") }
                .map { Self.resolve($0, relativeTo: folder) }
        }

        private let sharedStringsPart: String?

        func rows(of sheet: SheetRef) throws -> [[String]] {
            var shared: [String] = []
            if let part = sharedStringsPart, let xml = try Self.optionalPart(part, archive, path) {
                shared = try SharedStrings.parse(xml, part: part, path: path)
            }
            guard let xml = try Self.optionalPart(sheet.part, archive, path) else {
                throw XLSXReadError.missingPart(path: path, part: sheet.part)
            }
            return try SheetCells.parse(xml, shared: shared, part: sheet.part, path: path)
        }

        static func optionalPart(_ part: String, _ archive: Archive, _ path: String) throws -> Data? {
            guard let entry = archive[part] else { return nil }
            return try XLSXReader.extract(entry, from: archive, path: path)
        }

        /// A relationship target is relative to the source part's folder, or absolute from the root.
        static func resolve(_ target: String, relativeTo folder: String) -> String {
            var components: [String] = target.hasPrefix("/") ? [] : folder.split(separator: "/").map(String.init)
            for piece in target.split(separator: "/") {
                switch piece {
                case ".": continue
                case "..": if !components.isEmpty { components.removeLast() }
                default: components.append(String(piece))
                }
            }
            return components.joined(separator: "/")
        }
    }
}

// MARK: - XML

/// A SAX pass over one part; element names lose their namespace prefix (`x:row` → `row`).
private class PartParser: NSObject, XMLParserDelegate {
    func start(_ name: String, _ attributes: [String: String]) {}
    func end(_ name: String) {}
    func text(_ s: String) {}

    /// Open elements; swift-corelibs-foundation's XMLParser reports success on a part cut short.
    private var depth = 0
    private var sawRoot = false

    final func run(_ data: Data, part: String, path: String) throws {
        let parser = XMLParser(data: data)
        parser.delegate = self
        parser.shouldResolveExternalEntities = false
        if !parser.parse() {
            let message = parser.parserError.map { "\($0.localizedDescription)" } ?? "unreadable XML"
            throw XLSXReadError.malformedXML(path: path, part: part, line: parser.lineNumber, message: message)
        }
        if depth != 0 || !sawRoot {
            throw XLSXReadError.malformedXML(
                path: path, part: part, line: parser.lineNumber, message: "the XML ends before its elements are closed")
        }
    }

    static func local(_ name: String) -> String {
        name.firstIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
    }

    final func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        depth += 1
        sawRoot = true
        start(Self.local(elementName), attributeDict)
    }

    final func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        depth -= 1
        end(Self.local(elementName))
    }

    final func parser(_ parser: XMLParser, foundCharacters string: String) { text(string) }
}

private final class Relationships: PartParser {
    struct Relation { let id: String; let type: String; let target: String }
    var relations: [Relation] = []

    static func parse(_ data: Data, part: String, path: String) throws -> [Relation] {
        let p = Relationships()
        try p.run(data, part: part, path: path)
        return p.relations
    }

    override func start(_ name: String, _ attributes: [String: String]) {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        if attributes["TargetMode"] == "External" { return }
        relations.append(Relation(id: id, type: attributes["Type"] ?? "", target: target))
    }
}

private final class SheetList: PartParser {
    struct Entry { let name: String; let relationship: String }
    var entries: [Entry] = []

    static func parse(_ data: Data, part: String, path: String) throws -> [Entry] {
        let p = SheetList()
        try p.run(data, part: part, path: path)
        return p.entries
    }

    override func start(_ name: String, _ attributes: [String: String]) {
        guard name == "sheet", let sheetName = attributes["name"] else { return }
        // The relationship id is `r:id` under whatever prefix the file binds to the relationships namespace.
        guard let rid = attributes.first(where: { $0.key != "id" && PartParser.local($0.key) == "id" })?.value
        else { return }
        entries.append(Entry(name: sheetName, relationship: rid))
    }
}

/// `_xHHHH_` is how Office Open XML writes characters XML cannot hold.
private func decodeEscapes(_ s: String) -> String {
    guard s.contains("_x") else { return s }
    var out = ""
    var rest = Substring(s)
    while let range = rest.range(of: "_x") {
        out += rest[..<range.lowerBound]
        let after = rest[range.upperBound...]
        let hex = after.prefix(4)
        if hex.count == 4, after.dropFirst(4).first == "_", let v = UInt32(hex, radix: 16),
           let scalar = Unicode.Scalar(v) {
            out.unicodeScalars.append(scalar)
            rest = after.dropFirst(5)
        } else {
            out += "_x"
            rest = after
        }
    }
    return out + rest
}

private final class SharedStrings: PartParser {
    var strings: [String] = []
    private var current = ""
    private var inItem = false
    private var inText = false
    private var phoneticDepth = 0

    static func parse(_ data: Data, part: String, path: String) throws -> [String] {
        let p = SharedStrings()
        try p.run(data, part: part, path: path)
        return p.strings
    }

    override func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "si": inItem = true; current = ""
        case "rPh": phoneticDepth += 1  // phonetic guide text is not part of the value
        case "t": inText = inItem && phoneticDepth == 0
        default: break
        }
    }

    override func end(_ name: String) {
        switch name {
        case "si": strings.append(decodeEscapes(current)); inItem = false
        case "rPh": phoneticDepth -= 1
        case "t": inText = false
        default: break
        }
    }

    override func text(_ s: String) { if inText { current += s } }
}

private final class SheetCells: PartParser {
    let shared: [String]
    var rows: [[String]] = []
    private var rowIndex = -1
    private var columnIndex = -1
    private var cellType = "n"
    private var value = ""
    private var inlineText = ""
    private var inValue = false
    private var inInlineText = false
    private var inCell = false
    private var phoneticDepth = 0
    var failure: String?

    init(shared: [String]) { self.shared = shared }

    static func parse(_ data: Data, shared: [String], part: String, path: String) throws -> [[String]] {
        let p = SheetCells(shared: shared)
        try p.run(data, part: part, path: path)
        if let failure = p.failure {
            throw XLSXReadError.malformedXML(path: path, part: part, line: 0, message: failure)
        }
        // Drop trailing empty rows.
        while let last = p.rows.last, last.allSatisfy(\.isEmpty) { p.rows.removeLast() }
        return p.rows
    }

    override func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "row":
            if let r = attributes["r"], let n = Int(r), n >= 1, n <= XLSXWriter.maxRows, n - 1 > rowIndex {
                rowIndex = n - 1
            } else {
                rowIndex += 1
            }
            columnIndex = -1
        case "c":
            if rowIndex < 0 { rowIndex = 0 }
            if let r = attributes["r"], let position = CellAddress.parse(r), position.column < XLSXWriter.maxColumns {
                columnIndex = position.column
            } else {
                columnIndex += 1
            }
            cellType = attributes["t"] ?? "n"
            value = ""
            inlineText = ""
            inCell = true
        case "v": inValue = inCell
        case "rPh": phoneticDepth += 1
        case "t": inInlineText = inCell && phoneticDepth == 0
        default: break
        }
    }

    override func end(_ name: String) {
        switch name {
        case "v": inValue = false
        case "t": inInlineText = false
        case "rPh": phoneticDepth -= 1
        case "c":
            inCell = false
            store(cellText())
        default: break
        }
    }

    override func text(_ s: String) {
        if inValue { value += s } else if inInlineText { inlineText += s }
    }

    private func cellText() -> String {
        switch cellType {
        case "s":
            guard let i = Int(value.trimmingCharacters(in: .whitespaces)), shared.indices.contains(i) else {
                if failure == nil {
                    failure = "cell \(CellAddress.reference(row: rowIndex, column: columnIndex)) refers to shared string '\(value)', which does not exist"
                }
                return ""
            }
            return shared[i]
        case "inlineStr": return decodeEscapes(inlineText)
        case "b": return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
        case "str": return decodeEscapes(value)
        default: return value  // n, e, d: the stored text
        }
    }

    private func store(_ text: String) {
        guard rowIndex >= 0, columnIndex >= 0 else { return }
        while rows.count <= rowIndex { rows.append([]) }
        if text.isEmpty && rows[rowIndex].count <= columnIndex { return }  // a styled blank adds nothing
        while rows[rowIndex].count <= columnIndex { rows[rowIndex].append("") }
        rows[rowIndex][columnIndex] = text
    }
}
