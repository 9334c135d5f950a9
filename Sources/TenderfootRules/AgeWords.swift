/// A baby's age as every face writes it: "1 month", "2 months", "2.5 months".
public enum AgeWords {
    public static func months(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        let number = String(format: rounded == rounded.rounded() ? "%.0f" : "%.1f", rounded)
        return number + (rounded == 1 ? " month" : " months")
    }
}
