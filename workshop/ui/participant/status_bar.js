// The participant's footer as one component: what is left to vote with, and the answer to their last tap in a polite
// live region (announced, never focused). window.cwSend writes "not sent" into the offline line and marks the region
// while the connection is down; Vue leaves both alone, as neither has content or classes of its own to patch.
export default {
  template: `
  <div class="w-full">
    <div v-if="summary" class="font-semibold">{{ summary }}</div>
    <div class="min-h-6 font-medium text-teal-900" role="status" aria-live="polite">
      <div data-cw-status>{{ message }}</div>
      <div data-cw-offline :data-offline="offline"></div>
    </div>
  </div>`,
  props: {
    summary: String,
    message: String,
    offline: String,
  },
};
