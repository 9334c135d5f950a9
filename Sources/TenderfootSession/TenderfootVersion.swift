/// The software version, as recorded in files and shown by --version.
public enum TenderfootVersion {
    public static let string = "0.2.0"
}
