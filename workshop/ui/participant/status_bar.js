// The participant's footer as one component: what is left to vote with, and the answer to their last tap in a polite
// live region (announced, never focused). window.cwSend writes "not sent" into the offline line and marks the region
// while the connection is down; Vue leaves both alone, as neither has content or classes of its own to patch. What
// every page is told at once comes as one Socket.IO message sent alike to all (`shared`, web/broadcast.py); each
// message has a revision, and the newer of that and the page's own answer shows.
export default {
  template: `
  <div class="w-full">
    <div v-if="summary" class="font-semibold">{{ summary }}</div>
    <div class="min-h-6 font-medium text-teal-900" role="status" aria-live="polite">
      <div data-cw-status>{{ shown }}</div>
      <div data-cw-offline :data-offline="offline"></div>
    </div>
  </div>`,
  props: {
    summary: String,
    message: String,
    rev: Number,
    offline: String,
    shared: String,
  },
  data() {
    return { sent: null }; // {text, rev}: the newest shared message
  },
  computed: {
    shown() {
      return this.sent && this.sent.rev > this.rev ? this.sent.text : this.message;
    },
  },
  mounted() {
    this.stop = window.cwListen(this.shared, (message) => {
      if (message.s !== undefined && (!this.sent || message.sr > this.sent.rev)) {
        this.sent = { text: message.s, rev: message.sr };
      }
    });
  },
  unmounted() {
    this.stop();
  },
};
