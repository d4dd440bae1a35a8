// Scheduler (section 5): 16 rows x Axons bits; row r holds the axons active at ticks t with
// t mod 16 = r. The controller reads and clears one row at the ROW cycle; the host port (between
// ticks) and the router's local output (during ticks) set single bits.
module meridian_scheduler #(
  parameter int unsigned Axons = 256
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic [3:0]       rd_row_i,
  output logic [Axons-1:0] rd_data_o,
  input  logic             clr_i,      // clear row rd_row_i at the end of this cycle
  input  logic             host_set_i,
  input  logic [3:0]       host_row_i,
  input  logic [7:0]       host_axon_i,
  input  logic             rtr_set_i,
  input  logic [3:0]       rtr_row_i,
  input  logic [7:0]       rtr_axon_i
);

  localparam int unsigned ROWS = meridian_pkg::DELAY_SLOTS;

  logic [Axons-1:0] row_q [ROWS];

  assign rd_data_o = row_q[rd_row_i];

  // Sets and the clear never meet in one row: the row being read is t mod 16 and packets target
  // rows t+1..t+15; host writes only happen between ticks.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int r = 0; r < ROWS; r++) begin
        row_q[r] <= '0;
      end
    end else begin
      if (clr_i) begin
        row_q[rd_row_i] <= '0;
      end
      if (host_set_i) begin
        row_q[host_row_i][host_axon_i] <= 1'b1;
      end
      if (rtr_set_i) begin
        row_q[rtr_row_i][rtr_axon_i] <= 1'b1;
      end
    end
  end

endmodule
