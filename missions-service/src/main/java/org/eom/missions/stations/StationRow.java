package org.eom.missions.stations;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eom.missions.domain.PollingStation;

import java.util.List;
import java.util.Objects;

/** One station as a client sends it, in JSON or as a CSV row. */
public record StationRow(
        @NotBlank @Size(max = 50) String number,
        @NotBlank @Size(max = 300) String name,
        @NotBlank @Size(max = 200) String district,
        @Size(max = 500) String address,
        @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @DecimalMin("-180") @DecimalMax("180") Double longitude,
        @Size(max = 20) List<@NotBlank @Size(max = 100) String> accessibility) {

    public List<String> accessibilityOrEmpty() {
        return accessibility == null ? List.of() : accessibility;
    }

    boolean sameAs(PollingStation s) {
        return name.equals(s.name) && district.equals(s.district) && Objects.equals(address, s.address)
                && Objects.equals(latitude, s.latitude) && Objects.equals(longitude, s.longitude)
                && accessibilityOrEmpty().equals(s.accessibility);
    }

    void applyTo(PollingStation s) {
        s.number = number;
        s.name = name;
        s.district = district;
        s.address = address;
        s.latitude = latitude;
        s.longitude = longitude;
        s.accessibility = new java.util.ArrayList<>(accessibilityOrEmpty());
    }
}
