// A shipment is a shape orders reads back (contracts), so it is defined there.
export { shipmentSchema, type Shipment } from "@quire/contracts";
