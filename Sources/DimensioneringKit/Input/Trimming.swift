// Whitespace trimming without Foundation's NSString bridge (`trimmingCharacters(in:)` was a fifth
// of the default plan's reading time). The sets are exactly Foundation's (enumerated over every
// scalar with swift-corelibs-foundation; TrimmingTests compares the two): `.whitespaces` is tab,
// space, U+00A0, U+1680, U+2000–U+200B, U+202F, U+205F, U+3000; `.whitespacesAndNewlines` adds
// LF, VT, FF, CR, NEL (U+0085), U+2028 and U+2029.

extension Unicode.Scalar {
    /// Foundation's `CharacterSet.whitespaces`.
    var isBlank: Bool {
        switch value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Foundation's `CharacterSet.whitespacesAndNewlines`.
    var isBlankOrNewline: Bool {
        switch value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return isBlank
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (Foundation's `.whitespaces`).
    func trimmingBlanks() -> String { trimmed(where: \.isBlank) }

    /// Without leading and trailing spaces, tabs and line breaks (Foundation's `.whitespacesAndNewlines`).
    func trimmingBlanksAndNewlines() -> String { trimmed(where: \.isBlankOrNewline) }

    /// Without leading and trailing ASCII spaces and tabs (what a CSV field may be padded with).
    func trimmingSpacesAndTabs() -> String { trimmed(where: { $0 == " " || $0 == "\t" }) }

    private func trimmed(where strip: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, strip(scalars[start]) { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard strip(scalars[before]) else { break }
            end = before
        }
        return String(self[start..<end])
    }
}
