export { AlertInbox, handleReceiver, RECEIVER_CHANNELS, RECEIVER_PREFIX, receiverFaultSchema, startAlertReceiver, type ReceivedAlert, type ReceiverFault } from "./http";
export { startSmtpReceiver } from "./smtp";
