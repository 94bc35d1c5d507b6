import Foundation

// Shared by the CLI suites: find the built binary and run it as a user would.

/// The built `dimensionering` executable: next to the test bundle (the products directory),
/// else in `.build*/debug` of the package.
func dimensioneringBinary() -> URL? {
    let fm = FileManager.default
    var candidates: [URL] = []
    var dir = Bundle.main.bundleURL
    for _ in 0..<3 {
        candidates.append(dir.appendingPathComponent("dimensionering"))
        dir = dir.deletingLastPathComponent()
    }
    for b in Bundle.allBundles { candidates.append(b.bundleURL.deletingLastPathComponent().appendingPathComponent("dimensionering")) }
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    for scratch in [".build", ".build-rel", ".build-plan", ".build-views"] {
        candidates.append(package.appendingPathComponent("\(scratch)/debug/dimensionering"))
    }
    return candidates.first { fm.isExecutableFile(atPath: $0.path) && !$0.hasDirectoryPath }
}

struct RunResult {
    var status: Int32
    var stdout: Data
    var stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs the binary with `args`, in `directory` if given.
func runDimensionering(_ args: [String], in directory: URL? = nil) throws -> RunResult {
    guard let bin = dimensioneringBinary() else { throw CocoaError(.fileNoSuchFile) }
    let p = Process()
    p.executableURL = bin
    p.arguments = args
    if let directory { p.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return RunResult(status: p.terminationStatus, stdout: o, stderr: String(decoding: e, as: UTF8.self))
}

