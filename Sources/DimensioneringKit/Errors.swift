import Foundation

/// Where in an input a problem was found. Lines are 1-based; `field` is a column or key name.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var field: String?

    public init(file: String, line: Int? = nil, field: String? = nil) {
        self.file = file
        self.line = line
        self.field = field
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let field { s += ": field '\(field)'" }
        return s
    }
}

/// Every error a user can cause in reading and loading. The CLI alone decides the exit code
/// (`ExitCodes` in Sources/dimensionering/Dimensionering.swift).
public enum DimensioneringError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bad data in an input file (exit 65), naming file, line and field.
    case badData(SourceLocation, String)
    /// An input file that does not exist or cannot be read (exit 66).
    case missingInput(path: String, reason: String)
    /// Bad usage of the command line (exit 64).
    case usage(String)
    /// No allocation satisfies the constraints (exit 2); the text says which units and by how much.
    case infeasible(String)
    /// A tie under `--ties fail` (exit 3).
    case tie(String)
    /// An output file could not be written (exit 73).
    case cannotCreateOutput(path: String, reason: String)
    /// A bug or a solver failure (exit 70).
    case internalError(String)

    /// The message as printed: control characters shown as `\u{1B}`, every quoted part
    /// ('...') cut to `MessageText.maximumQuoted` characters and the whole to
    /// `MessageText.maximumLength`, so that a hostile field cannot flood or drive the terminal.
    public var description: String { MessageText.sanitise(rawDescription) }

    public var rawDescription: String {
        switch self {
        case .badData(let loc, let msg): return "\(loc): \(msg)"
        case .missingInput(let path, let reason): return "\(path): \(reason)"
        case .usage(let msg): return msg
        case .infeasible(let msg): return "infeasible: \(msg)"
        case .tie(let msg): return "tie: \(msg)"
        case .cannotCreateOutput(let path, let reason): return "cannot write \(path): \(reason)"
        case .internalError(let msg): return "internal error: \(msg)"
        }
    }
}

/// Makes messages safe to print: see `DimensioneringError.description`.
public enum MessageText {
    public static let maximumQuoted = 200
    public static let maximumLength = 4000

    public static func sanitise(_ text: String) -> String {
        var out = ""
        var inQuote = false
        var quotedCount = 0
        var cut = false
        var total = 0
        for ch in text {
            if total >= maximumLength { out += "..."; break }
            if ch == "'" {
                if inQuote && cut { out += "..." }
                inQuote.toggle()
                quotedCount = 0
                cut = false
                out.append(ch)
                total += 1
                continue
            }
            if inQuote {
                quotedCount += 1
                if quotedCount > maximumQuoted { cut = true; continue }
            }
            total += 1
            for u in ch.unicodeScalars {
                if CSVRow.firstControlCharacter(String(u)) != nil {
                    out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        if inQuote && cut { out += "..." }
        return out
    }
}
