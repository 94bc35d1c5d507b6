import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes output files all-or-nothing: the data go to a temporary file in the same directory,
/// which is flushed to disk and then renamed over the target. A failure at any point leaves the
/// previous file (if any) untouched and no partial or temporary file behind.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        func fail(_ reason: String) -> DimensioneringError {
            .cannotCreateOutput(path: path, reason: reason)
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw fail("directory '\(dir)' does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw fail("is a directory")
        }
        let tmp = dir + "/." + url.lastPathComponent + ".tmp-" + UUID().uuidString.prefix(8)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw fail(String(cString: strerror(errno))) }
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        let writeError: String? = data.withUnsafeBytes { buf -> String? in
            var offset = 0
            while offset < buf.count {
                let n = Glibc_write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += n
            }
            return nil
        }
        if let writeError { close(fd); throw fail(writeError) }
        if fsync(fd) != 0 { let e = String(cString: strerror(errno)); close(fd); throw fail(e) }
        if close(fd) != 0 { throw fail(String(cString: strerror(errno))) }
        if rename(tmp, path) != 0 { throw fail(String(cString: strerror(errno))) }
        ok = true
    }
}

@inline(__always)
private func Glibc_write(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}
