package helen.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TransformTest {
    @Test
    void criteoBucketMatchesHandComputedValues() {
        // v > 2 → floor(ln(v)^2): ln 3 = 1.0986 → 1.2069; ln 1000 = 6.9078 → 47.717;
        // ln 260 = 5.5607 → 30.92; ln 17668 = 9.7795 → 95.64; ln 2.5 = 0.9163 → 0.8396
        assertEquals(1, Transform.criteoBucket(3));
        assertEquals(47, Transform.criteoBucket(1000));
        assertEquals(30, Transform.criteoBucket(260.0));
        assertEquals(95, Transform.criteoBucket(17668.0));
        assertEquals(0, Transform.criteoBucket(2.5));
        // v <= 2 → int(v), truncation toward zero
        assertEquals(2, Transform.criteoBucket(2.0));
        assertEquals(1, Transform.criteoBucket(1.5));
        assertEquals(0, Transform.criteoBucket(0));
        assertEquals(-1, Transform.criteoBucket(-1));
        assertEquals(0, Transform.criteoBucket(-0.5));
        assertEquals("47", Transform.CRITEO_LOG_SQUARE.apply("1000.0"));
    }

    @Test
    void avazuHourSplitsIntoHourWeekdayWeekend() {
        // 2014-10-21 was a Tuesday, 2014-10-25 a Saturday
        assertEquals("00", Transform.HOUR_OF_DAY.apply("14102100"));
        assertEquals("1", Transform.WEEKDAY.apply("14102100"));
        assertEquals("0", Transform.WEEKEND.apply("14102100"));
        assertEquals("23", Transform.HOUR_OF_DAY.apply("14102523"));
        assertEquals("5", Transform.WEEKDAY.apply("14102523"));
        assertEquals("1", Transform.WEEKEND.apply("14102523"));
        assertThrows(RuntimeException.class, () -> Transform.WEEKDAY.apply("141021"));
        assertThrows(RuntimeException.class, () -> Transform.HOUR_OF_DAY.apply("14133100"));
    }
}
