package org.openanpr.hotlist;

/** What a reference list is for; each has a default instruction to the officer when the list names none. */
public enum ListCategory {
    UNPAID_FINES("Stop the vehicle and collect the unpaid fine."),
    STOLEN_VEHICLE("Stolen vehicle: do not stop alone; report position and direction, request backup."),
    STOLEN_PLATE("Stolen plate: stop the vehicle, seize the plates, identify the driver."),
    ARREST_WARRANT("Arrest warrant: stop the vehicle and arrest the person named in the warrant."),
    AREA_BAN("Area ban: stop and check whether the person under the ban is in the vehicle."),
    DRIVING_BAN("Driving ban: stop the vehicle and check the driver."),
    UNINSURED("Uninsured vehicle: stop, check, and fine the holder."),
    NO_MOT("No valid MOT (APK): stop, check, and fine the holder."),
    TAX_DEBT("Tax debt: stop and collect or seize as instructed by the tax office."),
    OBSERVE("Do not stop: observe and report."),
    OTHER("Follow the list's instruction.");

    private final String defaultInstruction;

    ListCategory(String defaultInstruction) {
        this.defaultInstruction = defaultInstruction;
    }

    public String defaultInstruction() {
        return defaultInstruction;
    }
}
