package helen.data;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * A rewrite of one raw value into the token that is counted and embedded. Tokens are strings
 * so that the vocabulary can always be printed next to its rows.
 */
public enum Transform {
    /** The raw value unchanged. */
    NONE,
    /**
     * BARS/FuxiCTR Criteo integer columns: v &gt; 2 → floor(ln(v)²), else int(v) (truncation toward 0),
     * so 3 → "1", 2.0 → "2", -1 → "-1", 1000 → "47".
     */
    CRITEO_LOG_SQUARE,
    /** Avazu hour YYMMDDHH → hour of day "HH". */
    HOUR_OF_DAY,
    /** Avazu hour YYMMDDHH → weekday 0 (Monday) … 6 (Sunday), as Python's date.weekday(). */
    WEEKDAY,
    /** Avazu hour YYMMDDHH → "1" on Saturday and Sunday, else "0". */
    WEEKEND;

    /** Criteo's bucket of a number. */
    public static long criteoBucket(double v) {
        if (v > 2) {
            double ln = Math.log(v);
            return (long) Math.floor(ln * ln);
        }
        return (long) v; // Python int(): truncation toward zero
    }

    /** The weekday (Monday = 0) of an Avazu hour string YYMMDDHH; throws on a malformed one. */
    public static int avazuWeekday(String yymmddhh) {
        if (yymmddhh.length() != 8) {
            throw new NumberFormatException("expected YYMMDDHH, got '" + yymmddhh + "'");
        }
        int yy = Integer.parseInt(yymmddhh.substring(0, 2));
        int mm = Integer.parseInt(yymmddhh.substring(2, 4));
        int dd = Integer.parseInt(yymmddhh.substring(4, 6));
        DayOfWeek dow = LocalDate.of(2000 + yy, mm, dd).getDayOfWeek();
        return dow.getValue() - 1;
    }

    /** Applies the transform to a raw, non-empty value. @throws NumberFormatException on a bad number */
    public String apply(String raw) {
        switch (this) {
            case NONE:
                return raw;
            case CRITEO_LOG_SQUARE:
                return Long.toString(criteoBucket(Double.parseDouble(raw)));
            case HOUR_OF_DAY:
                avazuWeekday(raw); // validates the date part too
                return raw.substring(6, 8);
            case WEEKDAY:
                return Integer.toString(avazuWeekday(raw));
            case WEEKEND:
                return avazuWeekday(raw) >= 5 ? "1" : "0";
            default:
                throw new IllegalStateException(name());
        }
    }
}
